using EdgeNode.Core.Storage;

namespace EdgeNode.Query.Planning;

/// <summary>A column of the rows operators send back (its JSON key) and the type the query node stores it as.</summary>
internal sealed record RemoteColumn(string Name, ColumnType Type);
