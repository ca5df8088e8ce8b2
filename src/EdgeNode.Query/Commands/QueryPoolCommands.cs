using EdgeNode.Core;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Processes;
using EdgeNode.Query.Responder;
using static EdgeNode.Core.Modules.CommandHelpers;

namespace EdgeNode.Query.Commands;

/// <summary><c>run query pool</c> and <c>get query pool</c> (reference <c>get_query_pool.txt</c>); <c>exit workers</c> stops the pool; the boot pool.</summary>
internal static class QueryPoolCommands
{
    /// <summary>Starts the boot pool of <see cref="QueryPoolProcess.DefaultThreads"/> threads, as every EdgeLake node has one.</summary>
    public static void StartBootPool(Node node)
    {
        var pool = new QueryPoolProcess(node.Log, QueryPoolProcess.DefaultThreads, node.Time, isBootDefault: true);
        var started = node.Processes.StartAsync(pool, CancellationToken.None).GetAwaiter().GetResult();
        if (started.IsError) node.Log.Error($"The query pool did not start: {started.ErrorLine}");
    }

    public static void Register(Node node)
    {
        node.AddCommand(new CommandSpec("run query pool", "Start the query pool: the threads an operator reads query partitions with, in parallel.",
            async context =>
            {
                var threads = QueryPoolProcess.ThreadsFrom(context);
                var processes = context.Node.Processes;
                // the pool every node starts at boot gives way to the one asked for
                if (processes.Get<QueryPoolProcess>(ProcessNames.QueryPool) is { State: ProcessState.Running, IsBootDefault: true })
                    await processes.StopAsync(ProcessNames.QueryPool, context.Cancellation);
                return await processes.StartAsync(new QueryPoolProcess(context.Node.Log, threads, context.Node.Time), context.Cancellation);
            })
        {
            Usage = "run query pool [where threads = [count]]",
            Explanation = "Every node starts a pool of 3 threads at boot, as EdgeLake does; 'run query pool' replaces it once with its own " +
                          "(a second 'run' is refused). Without a pool an operator reads the partitions of a query one after the other. " +
                          "'exit workers' stops it.",
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
