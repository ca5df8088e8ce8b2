namespace EdgeNode.Query.Sql;

/// <summary>The time units of <c>increments</c>, <c>period</c>, <c>date_trunc</c> and intervals.</summary>
internal enum TimeUnit : byte
{
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Year,
}
