using System.Globalization;
using System.Text.Json.Nodes;
using EdgeNode.Core;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Output;
using EdgeNode.Query.Monitoring;
using static EdgeNode.Core.Modules.CommandHelpers;

namespace EdgeNode.Query.Commands;

/// <summary><c>get queries time</c>, <c>reset query timer</c> and <c>set query log</c>.</summary>
internal static class QueryTimeCommands
{
    public static void Register(Node node, QueryJobs jobs)
    {
        node.AddCommand(new CommandSpec("get queries time", "Show how long network queries took: counts per time range.",
            context => Done(Times(context, jobs)))
        {
            Usage = "get queries time [where format = json]",
            Examples = ["get queries time", "get queries time where format = json"],
            Where = FormatOnly,
            Http = HttpRule.Get,
            Topics = ["query", "monitor"],
        });
        node.AddCommand(new CommandSpec("reset query timer", "Clear the statistics of 'get queries time'.", _ =>
        {
            jobs.ResetTimes();
            return Done(CommandResult.Empty);
        })
        {
            Examples = ["reset query timer"],
            Topics = ["query", "monitor"],
        });
        node.AddCommand(new CommandSpec("set query log", "Log network queries in the query log ('get query log'), all or only slow ones.",
            context => Done(SetLog(context, jobs)))
        {
            Usage = "set query log [on | off | profile [seconds]]",
            Explanation = "'set query log' (or 'on') logs every network query with its time, rows and operators; 'profile 5 seconds' " +
                          "logs only queries that took at least that long; 'off' stops logging.",
            Examples = ["set query log", "set query log off", "set query log profile 5 seconds"],
            Topics = ["query", "log"],
        });
    }

    private static CommandResult Times(CommandContext context, QueryJobs jobs)
    {
        var (counts, queries, total, longest) = jobs.Times();
        var labels = QueryJobs.Buckets.Select(b => $"Up to {b.ToString(CultureInfo.InvariantCulture)} seconds")
            .Append($"Over {QueryJobs.Buckets[^1].ToString(CultureInfo.InvariantCulture)} seconds").ToArray();
        if (WantsJson(context))
        {
            var json = new JsonObject
            {
                ["Queries"] = queries,
                ["Average"] = queries == 0 ? 0 : Math.Round(total / queries, 6),
                ["Longest"] = Math.Round(longest, 6),
            };
            for (var i = 0; i < labels.Length; i++) json[labels[i]] = counts[i];
            return CommandResult.Json(PyJson.Serialize(json));
        }
        var rows = labels.Select((label, i) => (IReadOnlyList<object?>)[label, counts[i],
            queries == 0 ? "0.00%" : (100.0 * counts[i] / queries).ToString("0.00", CultureInfo.InvariantCulture) + "%"]);
        var title = string.Create(CultureInfo.InvariantCulture,
            $"Network queries: {queries}, average {(queries == 0 ? 0 : total / queries):0.000} seconds, longest {longest:0.000} seconds");
        return CommandResult.Ok(TableFormatter.Format(["Time", "Queries", "Percent"], rows, title));
    }

    private static CommandResult SetLog(CommandContext context, QueryJobs jobs)
    {
        var words = context.Arguments.Select(t => t.Text).ToArray();
        switch (words)
        {
            case [] or ["on"]:
                jobs.LogQueries = true;
                jobs.LogThreshold = TimeSpan.Zero;
                return CommandResult.Ok("Network queries are logged: 'get query log' shows them");
            case ["off"]:
                jobs.LogQueries = false;
                return CommandResult.Ok("Network queries are not logged");
            case ["profile", .. var time]:
                var text = time.Length == 0 ? "0" : string.Join(' ', time);
                if (!ValueParsers.TryParseSeconds(text, out var seconds))
                    return CommandResult.Error(ErrorCode.WrongOptionType, $"'{text}' is not a time: expected e.g. 'profile 5 seconds'");
                jobs.LogQueries = true;
                jobs.LogThreshold = TimeSpan.FromSeconds(seconds);
                return CommandResult.Ok($"Network queries that take {seconds} seconds or more are logged: 'get query log' shows them");
            default:
                return CommandResult.Error(ErrorCode.CommandStructure, "expected 'set query log [on | off | profile [seconds]]'");
        }
    }
}
