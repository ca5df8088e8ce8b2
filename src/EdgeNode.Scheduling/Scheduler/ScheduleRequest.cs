using System.Globalization;
using EdgeNode.Core;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;

namespace EdgeNode.Scheduling.Scheduler;

/// <summary>
/// <c>schedule [time = N unit] [and name = ..] [and start = ..] [and scheduler = N] [and] task &lt;command&gt;</c>, parsed:
/// the options before <c>task</c> are resolved now (<c>time = !partition_sync</c>), the command after it is kept as
/// written, <c>!variables</c> included, and resolved at each run (EdgeLake joins its words with single spaces; so do we).
/// </summary>
internal sealed record ScheduleRequest(TimeSpan Period, string? Name, DateTime? Start, int Scheduler, string Command)
{
    public static readonly OptionSchema Schema = new(
        new OptionSpec("time", OptionType.Time, "how often the task runs (e.g. 30 seconds, 1 day); at least 1 second") { Required = true },
        new OptionSpec("name", OptionType.Str, "the task's name, unique in its scheduler"),
        new OptionSpec("start", OptionType.Str, "first run: a local date and time, or +N unit from now (+1d, +2 hours); default now"),
        new OptionSpec("scheduler", OptionType.Int, "the scheduler id, 0-10") { Default = "1" });

    public static ScheduleRequest Parse(Node node, IReadOnlyList<Token> arguments)
    {
        var taskAt = -1;
        for (var i = 0; i < arguments.Count && taskAt < 0; i++)
            if (arguments[i].IsWord("task")) taskAt = i;
        if (taskAt < 0) throw new CommandSyntaxException("Missing 'task' in schedule statement", -1);
        if (taskAt == arguments.Count - 1)
            throw new CommandSyntaxException("Missing scheduled command to execute after 'task'", arguments[taskAt].Position);
        var options = OptionTokens(node, arguments, taskAt);
        var bound = Schema.Bind(WhereClause.Parse(options));
        var period = TimeSpan.FromSeconds(bound.Int("time"));
        if (period < TimeSpan.FromSeconds(1))
            throw new CommandSyntaxException("the task's time must be at least 1 second", -1, ErrorCode.WrongOptionType);
        var scheduler = bound.Int("scheduler", Schedulers.Default);
        if (scheduler is < 0 or > Schedulers.MaxId)
            throw new CommandSyntaxException($"scheduler id {scheduler} is not in 0..{Schedulers.MaxId}", -1, ErrorCode.WrongOptionType);
        DateTime? start = bound.Str("start") is { } text ? ParseStart(text, node.Time.GetUtcNow().UtcDateTime) : null;
        var command = string.Join(' ', arguments.Skip(taskAt + 1).Select(t => t.SourceText));
        return new ScheduleRequest(period, bound.Str("name"), start, (int)scheduler, command);
    }

    /// <summary>The option tokens, variables resolved, <c>+ 1d</c> joined back into <c>+1d</c>, a trailing <c>and</c> dropped.</summary>
    private static List<Token> OptionTokens(Node node, IReadOnlyList<Token> arguments, int end)
    {
        var tokens = JoinSigns(node, arguments.Take(end).ToList());
        if (tokens.Count > 0 && tokens[^1].IsWord("and")) tokens.RemoveAt(tokens.Count - 1);
        return tokens;
    }

    /// <summary>
    /// Where-clause tokens with variables resolved and <c>= + 1d</c> joined into <c>= +1d</c> (the tokenizer makes <c>+</c> a
    /// token of its own, and a value starting with it would read as a concatenation).
    /// </summary>
    public static List<Token> JoinSigns(Node node, IReadOnlyList<Token> arguments)
    {
        var tokens = new List<Token>(arguments.Count);
        for (var i = 0; i < arguments.Count; i++)
        {
            var token = node.Variables.Substitute(arguments[i]);
            if (token.IsOperator("+") && i + 1 < arguments.Count && tokens.Count > 0 && tokens[^1].IsOperator("="))
            {
                var next = node.Variables.Substitute(arguments[++i]);
                token = new Token("+" + next.Text, TokenKind.Word, token.Position);
            }
            tokens.Add(token);
        }
        return tokens;
    }

    /// <summary>A start date: <c>+N unit</c> / <c>-N unit</c> / <c>now()</c> from now, else a local date and time (EdgeLake's reading).</summary>
    public static DateTime ParseStart(string text, DateTime nowUtc)
    {
        var trimmed = text.Trim();
        if ((trimmed.Length > 1 && trimmed[0] is '+' or '-') || trimmed.StartsWith("now", StringComparison.OrdinalIgnoreCase))
        {
            if (ValueParsers.TryParseDate(trimmed.Replace(" ", "", StringComparison.Ordinal), nowUtc, out var relative)) return relative;
        }
        else if (DateTime.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal | DateTimeStyles.AdjustToUniversal,
                     out var absolute))
        {
            return absolute;
        }
        throw new CommandSyntaxException($"start '{text}' is not a date and time nor +N unit (e.g. +1d)", -1, ErrorCode.WrongOptionType);
    }
}
