using EdgeNode.Core.Storage;
using EdgeNode.Query.Sql;

namespace EdgeNode.Query.Planning;

/// <summary>A column of the answer: its name, type (timestamps follow the query's time zone) and output casts.</summary>
internal sealed record OutputColumn(string Label, ColumnType Type, IReadOnlyList<OutputCast> Casts);
