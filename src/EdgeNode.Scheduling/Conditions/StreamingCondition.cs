namespace EdgeNode.Scheduling.Conditions;

/// <summary>
/// One <c>if &lt;condition&gt; then &lt;command&gt;</c> of a table. <see cref="Limit"/> caps how often the command runs (0 = no
/// cap), e.g. so a flood of rows sends a few emails, not thousands. <c>then ignore entry</c> (or <c>return ignore entry</c>)
/// drops the row instead of running a command.
/// </summary>
internal sealed class StreamingCondition(string text, ConditionNode condition, string? command, long limit, Func<RowValue[], bool> test)
{
    private long _executed;

    /// <summary>The statement as written, from <c>if</c> on (what <c>get streaming conditions</c> shows).</summary>
    public string Text { get; } = text;

    public ConditionNode Condition { get; } = condition;

    /// <summary>The condition compiled (<see cref="ConditionCompiler"/>): true when it holds for the row's values.</summary>
    public Func<RowValue[], bool> Test { get; } = test;

    /// <summary>The command after <c>then</c>; null when the row is dropped instead.</summary>
    public string? Command { get; } = command;

    public long Limit { get; } = limit;

    public long Executed => Interlocked.Read(ref _executed);

    public bool IgnoresEntry => Command is null;

    /// <summary>Counts one execution; false when the limit is already reached (the command does not run).</summary>
    public bool TryCount()
    {
        if (Limit <= 0)
        {
            Interlocked.Increment(ref _executed);
            return true;
        }
        while (true)
        {
            var current = Interlocked.Read(ref _executed);
            if (current >= Limit) return false;
            if (Interlocked.CompareExchange(ref _executed, current + 1, current) == current) return true;
        }
    }

    public bool LimitReached => Limit > 0 && Executed >= Limit;
}
