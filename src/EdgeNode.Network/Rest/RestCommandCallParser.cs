using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Limits;
using EdgeNode.Core.Scripts;

namespace EdgeNode.Network.Rest;

/// <summary>
/// Reads a GET/POST call the ways AnyLog clients send it (SPEC §4): the <c>command</c> header; a JSON body whose keys act as
/// headers; Grafana's <c>{"dbms": .., "sql": ..}</c>; the URL form; <c>command: body</c> (the body is the command); body lines
/// and <c>&lt;...&gt;</c> blocks run before the header command; a GET without a command is <c>get status</c>.
/// </summary>
internal static class RestCommandCallParser
{
    public const string DefaultCommand = "get status";

    /// <summary>Returns the call, or null with an error code and message for a call that cannot run.</summary>
    public static RestCommandCall? Parse(string method, RestRequestFields fields, RestBody body, out ErrorCode code, out string error)
    {
        code = ErrorCode.Success;
        error = "";
        var isGet = method is "GET" or "HEAD";
        var command = fields["command"];
        if (command is null && !isGet && body.Length > 0 && fields.UseJsonBody(body.Span))
            command = fields["command"] ?? GrafanaQuery(fields);
        if (command is null)
        {
            if (isGet) command = DefaultCommand;
            else return Fail(ErrorCode.MissingHeader,
                "POST needs a 'command' header (or a JSON body with a \"command\" key)", out code, out error);
        }

        IReadOnlyList<string> commands = [command];
        IReadOnlyList<string> prelude = [];
        try
        {
            if (command.Equals("body", StringComparison.OrdinalIgnoreCase))
            {
                commands = Lines(body.Text);
                if (commands.Count == 0)
                    return Fail(ErrorCode.CommandStructure, "'command: body' but the body holds no command", out code, out error);
            }
            else if (!isGet && body.Length > 0 && !fields.HasBodyFields)
            {
                prelude = Lines(body.Text);
            }
        }
        catch (CommandSyntaxException e)
        {
            return Fail(e.Code, $"in the message body: {e.Message}", out code, out error);
        }

        var call = new RestCommandCall { Method = method, Prelude = prelude, Commands = commands };
        return WithHeaders(call, fields, out code, out error);
    }

    private static RestCommandCall? WithHeaders(RestCommandCall call, RestRequestFields fields, out ErrorCode code, out string error)
    {
        code = ErrorCode.Success;
        error = "";
        long? timeout = null;
        if (fields["timeout"] is { } timeoutText)
        {
            if (!ValueParsers.TryParseSeconds(timeoutText, out var seconds) || seconds is < 0 or > InputLimits.TimeoutSeconds)
                return Fail(ErrorCode.WrongOptionType,
                    $"header 'timeout: {Excerpt.Of(timeoutText, 64)}': expected seconds such as '30' or '2 minutes', at most {InputLimits.TimeoutSeconds:N0} (0 = no limit)",
                    out code, out error);
            timeout = seconds;
        }
        var subset = false;
        if (fields["subset"] is { } subsetText && !ValueParsers.TryParseBool(subsetText, out subset))
            return Fail(ErrorCode.WrongOptionType, $"header 'subset: {subsetText}': expected true or false", out code, out error);
        var into = fields["into"];
        if (into is not null && !into.Equals("html", StringComparison.OrdinalIgnoreCase))
            return Fail(ErrorCode.WrongOptionType, $"header 'into: {into}': only 'html' is supported", out code, out error);
        var assignment = fields["assignment"];
        if (assignment is not null && (assignment.Length == 0 || assignment.Any(c => char.IsWhiteSpace(c) || c is '=' or '!' or '"')))
            return Fail(ErrorCode.WrongOptionType, $"header 'assignment: {assignment}': expected a variable name", out code, out error);
        return call with
        {
            Destination = fields["destination"],
            Subset = subset,
            TimeoutSeconds = timeout,
            Assignment = assignment,
            IntoHtml = into is not null,
        };
    }

    /// <summary>Grafana's JSON query <c>{"dbms": "d", "sql": "select ..."}</c> as the AnyLog command it stands for.</summary>
    private static string? GrafanaQuery(RestRequestFields fields) =>
        fields["dbms"] is { } dbms && fields["sql"] is { } sql
            ? $"sql {dbms} format = json \"{sql.Replace("\"", "\\\"", StringComparison.Ordinal)}\""
            : null;

    private static List<string> Lines(string text) => ScriptParser.Parse(text).Select(l => l.Text).ToList();

    private static RestCommandCall? Fail(ErrorCode failure, string message, out ErrorCode code, out string error)
    {
        code = failure;
        error = message;
        return null;
    }
}
