using System.Globalization;
using System.Text;
using EdgeNode.Core;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Output;
using EdgeNode.Query.Monitoring;
using static EdgeNode.Core.Modules.CommandHelpers;

namespace EdgeNode.Query.Commands;

/// <summary>
/// Monitoring of network queries (SPEC §12): <c>query status</c> and its EdgeLake alias <c>job status</c> (reference
/// <c>query_status.txt</c>), <c>job active</c>, <c>query explain</c>, <c>query destination</c>.
/// </summary>
internal static class QueryStatusCommands
{
    private static readonly string[] StatusHeaders = ["Job", "ID", "Output", "Run Time", "Operator", "Par", "Status", "Blocks", "Rows", "Command"];

    public static void Register(Node node, QueryJobs jobs)
    {
        // EdgeLake names the same table 'query status' and 'job status'
        foreach (var words in (string[])["query status", "job status"])
        {
            node.AddCommand(new CommandSpec(words, "Show the progress of network queries: per operator, partitions, blocks and rows received.",
                context => Done(Status(context, jobs)))
            {
                Usage = $"{words} [all | job id]",
                Explanation = "Without an argument the last query; 'all' lists the recent queries (up to 100); a number shows that query. " +
                              "'query status' and 'job status' are the same command; 'job active' lists the queries still running.",
                Examples = [words, $"{words} all", $"{words} 7"],
                Http = HttpRule.Get,
                Topics = ["query", "monitor"],
            });
        }
        node.AddCommand(new CommandSpec("job active", "Show the network queries still running, as 'query status' shows them.",
            context => Done(Active(jobs)))
        {
            Usage = "job active",
            Examples = ["job active"],
            Http = HttpRule.Get,
            Topics = ["query", "monitor"],
        });
        node.AddCommand(new CommandSpec("query explain", "Show how a network query was split: the query each operator ran and the local consolidation query.",
            context => Done(Explain(context, jobs)))
        {
            Usage = "query explain [job id]",
            Examples = ["query explain", "query explain 7"],
            Http = HttpRule.Get,
            Topics = ["query"],
        });
        node.AddCommand(new CommandSpec("query destination", "List the operators a network query went to and what each returned.",
            context => Done(Destination(context, jobs)))
        {
            Usage = "query destination [job id]",
            Examples = ["query destination", "query destination 7"],
            Http = HttpRule.Get,
            Topics = ["query", "monitor"],
        });
    }

    /// <summary>The jobs an argument names: none → the last one, <c>all</c> → every kept one, a number → that one.</summary>
    private static IReadOnlyList<QueryJob>? Select(CommandContext context, QueryJobs jobs, bool allowAll, out CommandResult? error)
    {
        error = null;
        var arguments = context.Positional;
        if (arguments.Count == 0) return jobs.Last() is { } last ? [last] : [];
        var word = arguments[0].Text;
        if (allowAll && word.Equals("all", StringComparison.OrdinalIgnoreCase)) return jobs.Recent();
        if (long.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            if (jobs.Find(id) is { } job) return [job];
            error = CommandResult.Error(ErrorCode.CommandStructure, $"no query with id {id} among the last {QueryJobs.Capacity}");
            return null;
        }
        error = CommandResult.Error(ErrorCode.CommandStructure, $"expected {(allowAll ? "'all' or " : "")}a query id, got '{word}'");
        return null;
    }

    private static CommandResult Status(CommandContext context, QueryJobs jobs)
    {
        if (Select(context, jobs, allowAll: true, out var error) is not { } selected) return error!;
        return selected.Count == 0 ? CommandResult.Ok("No network queries yet") : CommandResult.Ok(StatusTable(selected));
    }

    private static CommandResult Active(QueryJobs jobs)
    {
        var running = jobs.Recent().Where(job => job.IsRunning).ToList();
        return CommandResult.Ok(running.Count == 0 ? "No active network queries" : StatusTable(running));
    }

    private static string StatusTable(IReadOnlyList<QueryJob> selected)
    {
        var rows = new List<object?[]>();
        foreach (var job in selected)
        {
            lock (job.Gate)
            {
                rows.Add([(job.Id % QueryJobs.Capacity).ToString("0000", CultureInfo.InvariantCulture), job.Id, job.Output, Clock(job.Elapsed),
                    "All", "---", job.Status, job.Operators.Sum(o => o.Blocks), job.Rows, job.Statement]);
                foreach (var op in job.Operators)
                    rows.Add(["", "", "", op.Elapsed is { } elapsed ? Clock(elapsed) : "", op.Address.ToString(),
                        op.Partitions <= 1 ? 0L : $"0-{op.Partitions - 1}", op.Status, op.Blocks, op.Rows, op.Error ?? ""]);
            }
        }
        return TableFormatter.Format(StatusHeaders, rows);
    }

    private static CommandResult Explain(CommandContext context, QueryJobs jobs)
    {
        if (Select(context, jobs, allowAll: false, out var error) is not { } selected) return error!;
        if (selected.Count == 0) return CommandResult.Ok("No network queries yet");
        var job = selected[0];
        var text = new StringBuilder();
        lock (job.Gate)
        {
            text.Append("Query ").Append(job.Id).Append(": sql ").Append(job.Dbms).Append(" \"").Append(job.Statement).Append("\"\n");
            text.Append("Operators: ").Append(string.Join(", ", job.Operators.Select(o => o.Address.ToString()))).Append('\n');
            foreach (var remote in job.PeriodRemoteSql) text.Append("Period end (remote): ").Append(remote).Append('\n');
            if (job.PeriodSql is { } period) text.Append("Period end (local): ").Append(period).Append('\n');
            foreach (var remote in job.RemoteSql) text.Append("Remote: ").Append(remote).Append('\n');
            text.Append("Local table: ").Append(job.LocalCreate ?? "(none: rows pass through)").Append('\n');
            text.Append("Local query: ").Append(job.LocalSql ?? "(none: rows pass through)");
        }
        return CommandResult.Ok(text.ToString());
    }

    private static CommandResult Destination(CommandContext context, QueryJobs jobs)
    {
        if (Select(context, jobs, allowAll: false, out var error) is not { } selected) return error!;
        if (selected.Count == 0) return CommandResult.Ok("No network queries yet");
        var job = selected[0];
        List<object?[]> rows;
        lock (job.Gate)
            rows = job.Operators.Select(o => new object?[]
            {
                o.Address.ToString(), o.Name, string.Join(", ", o.Tables), o.Status, o.Partitions, o.Blocks, o.Rows, o.Error ?? "",
            }).ToList();
        return CommandResult.Ok(TableFormatter.Format(["Operator", "Name", "Tables", "Status", "Partitions", "Blocks", "Rows", "Error"], rows,
            $"Query {job.Id}: {job.Statement}"));
    }

    private static string Clock(TimeSpan time) =>
        string.Create(CultureInfo.InvariantCulture, $"{(int)time.TotalHours:00}:{time.Minutes:00}:{time.Seconds:00}");
}
