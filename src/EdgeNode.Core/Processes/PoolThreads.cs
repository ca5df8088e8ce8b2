using System.Globalization;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Output;

namespace EdgeNode.Core.Processes;

/// <summary>
/// What each thread of a worker pool is doing, for <c>get operator|query|msg pool [where details = true]</c>: the busy
/// flags and the count of jobs done make EdgeLake's one-line form (<c>Operator Pool with 3 threads: [0, 1, 0] (12)</c>);
/// the task and the time it started (or the time the thread went idle) make the details table.
/// </summary>
public sealed class PoolThreads
{
    public const string Idle = "idle";
    public const string Busy = "busy";

    /// <summary>The <c>where details = true</c> option the pool commands share.</summary>
    public static readonly OptionSchema DetailsSchema = new(
        new OptionSpec("details", OptionType.Bool, "one row per thread: busy or idle, its current task and since when") { Default = "false" });

    /// <summary>Longer tasks (an SQL text) are cut to this many characters, ending in <c>...</c>.</summary>
    public const int TaskWidth = 80;

    private readonly object _gate = new();
    private readonly SemaphoreSlim _idle;
    private readonly string?[] _tasks;
    private readonly string?[] _clients; // who asked for the task, when the pool serves clients (shown with the task)
    private readonly DateTime[] _since;
    private readonly TimeProvider _time;
    private long _done;

    public PoolThreads(int size, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        _time = time;
        _idle = new SemaphoreSlim(size, size);
        _tasks = new string?[size];
        _clients = new string?[size];
        _since = new DateTime[size];
        Array.Fill(_since, Now);
    }

    public int Size => _tasks.Length;

    /// <summary>Threads working on a task now.</summary>
    public int BusyThreads
    {
        get
        {
            lock (_gate) return _tasks.Count(t => t is not null);
        }
    }

    /// <summary>Jobs finished (and counted) since the pool started.</summary>
    public long Done => Interlocked.Read(ref _done);

    private DateTime Now => _time.GetUtcNow().UtcDateTime;

    /// <summary>
    /// For pools whose jobs take any idle thread: waits for one, marks it busy with <paramref name="task"/> (for
    /// <paramref name="client"/>, if given) and returns it; give it back with <see cref="Exit"/>. At most
    /// <see cref="Size"/> jobs run at once. The task is kept as given and only formatted when the details are asked for:
    /// the broker enters the pool for every message.
    /// </summary>
    public async ValueTask<int> EnterAsync(string task, string? client, CancellationToken cancellation)
    {
        await _idle.WaitAsync(cancellation);
        lock (_gate)
        {
            var thread = Array.IndexOf(_tasks, null); // the semaphore leaves at least one thread idle
            Start(thread, task, client);
            return thread;
        }
    }

    /// <summary>The job that <see cref="EnterAsync"/> gave <paramref name="thread"/> is done.</summary>
    public void Exit(int thread)
    {
        Finish(thread);
        _idle.Release();
    }

    /// <summary>For pools with their own workers: worker <paramref name="thread"/> starts <paramref name="task"/> (shown as its Task).</summary>
    public void Start(int thread, string task, string? client = null)
    {
        lock (_gate)
        {
            _tasks[thread] = task;
            _clients[thread] = client;
            _since[thread] = Now;
        }
    }

    /// <summary>Thread <paramref name="thread"/> is idle again; <paramref name="counted"/> adds one to the jobs done.</summary>
    public void Finish(int thread, bool counted = true)
    {
        if (counted) Interlocked.Increment(ref _done);
        lock (_gate)
        {
            _tasks[thread] = null;
            _clients[thread] = null;
            _since[thread] = Now;
        }
    }

    /// <summary>EdgeLake's line: <c>{name} Pool with N threads:</c> padded to 60, the busy flags (1 = busy), the jobs done.</summary>
    public string Line(string name)
    {
        lock (_gate)
            return $"{name} Pool with {Size} threads:".PadRight(60) + "[" + string.Join(", ", _tasks.Select(t => t is null ? 0 : 1)) + $"] ({Done})";
    }

    /// <summary>The line, then a table: <c>Thread | Status | Task | Since</c>, one row per thread.</summary>
    public string Details(string name)
    {
        var rows = new List<IReadOnlyList<object?>>(Size);
        lock (_gate)
        {
            for (var i = 0; i < Size; i++)
                rows.Add([i, _tasks[i] is null ? Idle : Busy, Shown(_tasks[i], _clients[i]), _since[i].ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)]);
        }
        return Line(name) + TableFormatter.NewLine + TableFormatter.Format(["Thread", "Status", "Task", "Since"], rows);
    }

    /// <summary>A task as the Task column shows it: with its client, cut to <see cref="TaskWidth"/> characters.</summary>
    private static string Shown(string? task, string? client)
    {
        var text = client is null ? task ?? "" : $"{task} (client '{client}')";
        return text.Length <= TaskWidth ? text : text[..(TaskWidth - 3)] + "...";
    }

    /// <summary>The one-line form, or the details table when the command says <c>where details = true</c>.</summary>
    public string Describe(string name, bool details) => details ? Details(name) : Line(name);
}
