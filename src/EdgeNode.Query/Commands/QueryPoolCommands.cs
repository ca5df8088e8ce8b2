using EdgeNode.Core;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Processes;
using EdgeNode.Query.Responder;
using static EdgeNode.Core.Modules.CommandHelpers;

namespace EdgeNode.Query.Commands;

/// <summary><c>run query pool</c> and <c>get query pool</c> (reference <c>get_query_pool.txt</c>); <c>exit workers</c> stops the pool.</summary>
internal static class QueryPoolCommands
{
    public static void Register(Node node)
    {
        node.AddCommand(new CommandSpec("run query pool", "Start the query pool: the threads an operator reads query partitions with, in parallel.",
            async context =>
            {
                var threads = QueryPoolProcess.ThreadsFrom(context);
                return await context.Node.Processes.StartAsync(new QueryPoolProcess(context.Node.Log, threads, context.Node.Time), context.Cancellation);
            })
        {
            Usage = "run query pool [where threads = [count]]",
            Explanation = "Without the pool an operator reads the partitions of a query one after the other. 'exit workers' stops it.",
            Examples = ["run query pool", "run query pool where threads = 6"],
            Where = QueryPoolProcess.Schema,
            Topics = ["query", "background processes"],
        });
        node.AddCommand(new CommandSpec("get query pool", "Show the query pool's threads (1 = busy) and the partitions read.",
            context =>
            {
                var details = context.BindWhere().Bool("details");
                return Done(context.Node.Processes.Get<QueryPoolProcess>(ProcessNames.QueryPool) is { State: ProcessState.Running } pool
                    ? pool.Describe(details)
                    : "Query pool not running");
            })
        {
            Usage = "get query pool [where details = true]",
            Explanation = "With details = true, a row per thread: busy or idle, the query job and partition it reads, and since when (UTC).",
            Examples = ["get query pool", "get query pool where details = true"],
            Where = PoolThreads.DetailsSchema,
            Http = HttpRule.Get,
            Topics = ["query", "background processes"],
        });
    }
}
