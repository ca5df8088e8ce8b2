using EdgeNode.Core;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Processes;

namespace EdgeNode.Query.Responder;

/// <summary>
/// <c>run query pool [where threads = N]</c> (default 3; EdgeLake's <c>workers</c>): the threads an operator answers
/// queries with. With the pool, the partitions of a query (and its included tables) are read in parallel, N at a time;
/// without it, one after the other. <c>get query pool</c> shows which workers are busy. As in EdgeLake, every node starts
/// a pool of 3 at boot (<see cref="IsBootDefault"/>); <c>run query pool</c> replaces that one with its own.
/// </summary>
internal sealed class QueryPoolProcess(NodeLog log, int threads, TimeProvider time, bool isBootDefault = false) : NodeProcess(log)
{
    public const int DefaultThreads = 3;

    public static readonly OptionSchema Schema = new(
        new OptionSpec("threads", OptionType.Int, "queries read at once") { Default = DefaultThreads.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    private readonly PoolThreads _threads = new(threads, time);

    public override string Name => ProcessNames.QueryPool;

    public int Threads => threads;

    /// <summary>The pool the node started at boot, which <c>run query pool</c> may replace.</summary>
    public bool IsBootDefault => isBootDefault;

    protected override string DescribeConfiguration() => $"Threads Pool: {threads}";

    protected override Task ExecuteAsync(CancellationToken stopping) => Task.Delay(Timeout.Infinite, stopping);

    /// <summary>Runs <paramref name="work"/> on a free worker, waiting for one; <paramref name="task"/> is what
    /// <c>get query pool where details = true</c> shows for the worker meanwhile.</summary>
    public async Task RunAsync(string task, Func<Task> work, CancellationToken cancellation)
    {
        var worker = await _threads.EnterAsync(task, client: null, cancellation);
        try
        {
            await work();
        }
        finally
        {
            _threads.Exit(worker);
        }
    }

    /// <summary><c>Query Pool with 3 threads:</c> padded to 60, busy flags, queries served (reference <c>get_query_pool.txt</c>);
    /// with <paramref name="details"/> a row per thread with the job and partition it reads.</summary>
    public string Describe(bool details) => _threads.Describe("Query", details);

    /// <summary>Query threads reading a query now.</summary>
    public int Busy => _threads.BusyThreads;

    public static int ThreadsFrom(CommandContext context)
    {
        var threads = context.BindWhere(Schema).Int("threads", DefaultThreads);
        if (threads is < 1 or > 100) throw new CommandSyntaxException($"threads = {threads}: expected 1 to 100", 0, ErrorCode.WrongOptionType);
        return (int)threads;
    }
}
