namespace EdgeNode.Query.Sql;

/// <summary>What a literal holds. <see cref="Timestamp"/> literals are made by the query node (<c>now()</c>, periods).</summary>
internal enum LiteralKind : byte
{
    Integer,
    Decimal,
    String,
    Null,
    Boolean,
    Timestamp,
}
