using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Output;

namespace EdgeNode.Query;

/// <summary>
/// The words of <c>sql &lt;dbms&gt; [key = value [and key = value ...]] "&lt;statement&gt;"</c> as a network query reads
/// them (SPEC §12): output format and statistics, time zone, included tables, extended columns, which operators
/// (<c>nodes</c>), time limit, destination. Operators read the same text (they use dbms, include, extend, max_time).
/// </summary>
internal sealed record QueryRequest(string Dbms, string Statement)
{
    private static readonly string[] Keys =
        ["format", "stat", "timezone", "include", "extend", "nodes", "max_time", "dest", "file", "table", "dbms", "drop", "subset", "timeout", "test", "source", "title"];

    public QueryOutputFormat Format { get; init; } = QueryOutputFormat.Json;

    public bool Statistics { get; init; } = true;

    /// <summary><c>utc</c> (default), <c>local</c> or a zone name (<c>America/New_York</c>): how timestamps print.</summary>
    public string TimeZone { get; init; } = "utc";

    public IReadOnlyList<string> Include { get; init; } = [];

    /// <summary>The text of <c>extend = (...)</c>, parsed by <see cref="Planning.ExtendColumn.ParseList"/>.</summary>
    public string? Extend { get; init; }

    /// <summary><c>nodes = all</c>: any active member of each cluster in turn (EdgeLake's meaning), instead of its main operator first.</summary>
    public bool AllNodes { get; init; }

    /// <summary><c>max_time</c>: how long operators may take; the query fails (or, with subset, goes without them) after it.</summary>
    public TimeSpan? MaxTime { get; init; }

    public QueryDestination Destination { get; init; }

    /// <summary><c>subset = true|false</c> among the query options: as in <c>run client (subset = true)</c>, which it overrides.</summary>
    public bool? Subset { get; init; }

    /// <summary><c>timeout = N</c> among the query options (0 = no limit): as in <c>run client (timeout = N)</c>, which it overrides.</summary>
    public TimeSpan? Timeout { get; init; }

    public string? File { get; init; }

    public string? Table { get; init; }

    public string? TargetDbms { get; init; }

    /// <summary><c>drop = false</c> keeps an existing destination table and adds the rows to it.</summary>
    public bool Drop { get; init; } = true;

    /// <summary><c>test = true</c>: the answer in the test format (<see cref="Output.TestOutput"/>), to <c>file</c> when given.</summary>
    public bool Test { get; init; }

    /// <summary><c>source = path</c>: the expected output a test compares its answer with.</summary>
    public string? Source { get; init; }

    /// <summary><c>title = ..</c>: the first line of a test output.</summary>
    public string? Title { get; init; }

    /// <summary>
    /// Reads the arguments after <c>sql</c>; throws <see cref="CommandSyntaxException"/> naming what is wrong. An
    /// operator reads <paramref name="lenient"/>ly: options it does not use (another query node's) are skipped.
    /// </summary>
    public static QueryRequest Parse(IReadOnlyList<Token> arguments, bool lenient = false)
    {
        if (arguments.Count == 0) throw new CommandSyntaxException("missing DBMS name: sql [dbms] [options] \"[select statement]\"", 0);
        var dbms = arguments[0].Text;
        var options = new Dictionary<string, Token>(StringComparer.Ordinal);
        var i = 1;
        while (i + 2 < arguments.Count && arguments[i + 1].IsOperator("=") && arguments[i].Kind == TokenKind.Word)
        {
            var key = arguments[i].Text.ToLowerInvariant();
            if (Array.IndexOf(Keys, key) < 0 && !lenient)
                throw new CommandSyntaxException($"unknown query option '{key}' at position {arguments[i].Position}; expected one of: {string.Join(", ", Keys)}",
                    arguments[i].Position, ErrorCode.WrongOption);
            var value = arguments[i + 2];
            i += 3;
            // max_time = 30 seconds: a unit word after the number belongs to it
            if (key is "max_time" or "timeout" && i < arguments.Count && arguments[i].Kind == TokenKind.Word && ValueParsers.UnitSeconds(arguments[i].Text.ToLowerInvariant()) > 0 &&
                !(i + 1 < arguments.Count && arguments[i + 1].IsOperator("=")))
            {
                value = value with { Text = value.Text + " " + arguments[i].Text };
                i++;
            }
            // EdgeLake's query nodes send a list as a repeated key: extend = @ip and extend = @port
            if (key is "extend" or "include" && options.TryGetValue(key, out var earlier))
                value = value with { Text = $"({Unwrap(earlier.Text)}, {Unwrap(value.Text)})" };
            options[key] = value;
            if (i < arguments.Count && arguments[i].IsWord("and") && i + 2 < arguments.Count && arguments[i + 2].IsOperator("=")) i++;
        }
        if (i >= arguments.Count) throw new CommandSyntaxException("missing SQL statement: sql [dbms] [options] \"[select statement]\"", 0);
        var statement = arguments.Count - i == 1 && arguments[i].Kind == TokenKind.Quoted
            ? arguments[i].Text
            : string.Join(' ', arguments.Skip(i).Select(t => t.SourceText));
        var request = new QueryRequest(dbms, statement.Replace('\t', ' ').Trim().TrimEnd(';').Trim());
        return request.With(options, lenient);
    }

    private static string Unwrap(string list)
    {
        var text = list.Trim();
        return text.Length >= 2 && text[0] == '(' && text[^1] == ')' ? text[1..^1].Trim() : text;
    }

    private QueryRequest With(Dictionary<string, Token> options, bool lenient)
    {
        var request = this;
        foreach (var (key, token) in options)
        {
            var value = token.Text.Trim();
            request = key switch
            {
                "format" => request with { Format = ParseFormat(token) },
                "stat" => request with { Statistics = Bool(token) },
                "timezone" => request with { TimeZone = value },
                "include" => request with { Include = ValueParsers.SplitList(value).Select(t => t.ToLowerInvariant()).ToArray() },
                "extend" => request with { Extend = value },
                "nodes" => request with { AllNodes = value.ToLowerInvariant() switch
                {
                    "all" => true,
                    "main" => false,
                    _ => throw Wrong(token, "main or all"),
                } },
                "max_time" => request with { MaxTime = ValueParsers.TryParseSeconds(value, out var seconds) && seconds > 0
                    ? TimeSpan.FromSeconds(seconds)
                    : throw Wrong(token, "a time such as 30 or '2 minutes'") },
                "dest" => request with { Destination = value.ToLowerInvariant() switch
                {
                    "stdout" or "rest" => QueryDestination.Reply,
                    "file" => QueryDestination.File,
                    "dbms" => QueryDestination.Dbms,
                    _ => throw Wrong(token, "stdout, rest, file or dbms"),
                } },
                "file" => request with { File = value },
                "table" => request with { Table = value.ToLowerInvariant() },
                "dbms" => request with { TargetDbms = value.ToLowerInvariant() },
                "drop" => request with { Drop = Bool(token) },
                "test" => request with { Test = Bool(token) },
                "source" => request with { Source = value },
                "title" => request with { Title = value },
                // options of run client's parentheses, honoured here too (they were once accepted and ignored)
                "subset" => request with { Subset = Bool(token) },
                "timeout" => request with { Timeout = ValueParsers.TryParseSeconds(value, out var wait) && wait >= 0
                    ? wait == 0 ? System.Threading.Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(wait)
                    : throw Wrong(token, "a time such as 30 or '2 minutes' (0 = no limit)") },
                _ => request,
            };
        }
        // an operator answers the query part whatever test options another query node left in it
        if (!lenient && request.Test && request.Destination == QueryDestination.Dbms)
            throw new CommandSyntaxException("test = true writes its output to the reply or to 'file = [path]', not to a table", 0, ErrorCode.WrongOption);
        if (!lenient && !request.Test && (request.Source is not null || request.Title is not null))
            throw new CommandSyntaxException("'source' and 'title' are options of a test query: add 'test = true'", 0, ErrorCode.WrongOption);
        if (request.Destination == QueryDestination.File && string.IsNullOrWhiteSpace(request.File))
            throw new CommandSyntaxException("dest = file needs 'file = [path]'", 0, ErrorCode.MissingOption);
        if (request.Destination == QueryDestination.Dbms && string.IsNullOrWhiteSpace(request.Table))
            throw new CommandSyntaxException("dest = dbms needs 'table = [name]'", 0, ErrorCode.MissingOption);
        return request;
    }

    private static QueryOutputFormat ParseFormat(Token token) => token.Text.ToLowerInvariant() switch
    {
        "json" => QueryOutputFormat.Json,
        "table" => QueryOutputFormat.Table,
        "json:list" => QueryOutputFormat.JsonList,
        "json:output" => QueryOutputFormat.JsonOutput,
        _ => throw Wrong(token, "json, table, json:list or json:output"),
    };

    private static bool Bool(Token token) => ValueParsers.TryParseBool(token.Text, out var value) ? value : throw Wrong(token, "true or false");

    private static CommandSyntaxException Wrong(Token token, string expected) =>
        new($"'{token.Text}' at position {token.Position}: expected {expected}", token.Position, ErrorCode.WrongOptionType);
}
