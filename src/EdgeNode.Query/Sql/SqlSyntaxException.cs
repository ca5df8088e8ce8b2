namespace EdgeNode.Query.Sql;

/// <summary>A statement the parser cannot read, or a construct a network query does not support; the message says which and where.</summary>
internal sealed class SqlSyntaxException(string message) : Exception(message);
