namespace EdgeNode.Query.Sql;

/// <summary>
/// A cast applied to a result column when it is printed (SPEC §12): <c>::float(2)</c>, <c>::int</c>, <c>::str</c>,
/// <c>::ljust(n)</c>, <c>::rjust(n)</c>, <c>::format(:,)</c>, <c>::datetime(%Y-%m-%d)</c>, <c>::timediff(now())</c>,
/// <c>::timezone(utc)</c>. <see cref="Argument"/> is the raw text in the parentheses, or null.
/// </summary>
internal sealed record OutputCast(string Name, string? Argument)
{
    public static readonly IReadOnlySet<string> Names =
        new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "float", "int", "str", "ljust", "rjust", "format", "datetime", "timediff", "timezone" };

    public override string ToString() => Argument is null ? "::" + Name : $"::{Name}({Argument})";
}
