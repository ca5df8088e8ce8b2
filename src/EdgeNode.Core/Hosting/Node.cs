using EdgeNode.Core.Commands;
using EdgeNode.Core.Hosting;
using EdgeNode.Core.Processes;
using EdgeNode.Core.Scripts;
using EdgeNode.Core.Variables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeNode.Core;

/// <summary>
/// One EdgeNode: the dictionary, the command table and dispatcher, the process manager, logs, scripts and the services
/// feature modules share. Composition happens in the executable; tests build nodes in-process the same way.
/// </summary>
public sealed class Node : IAsyncDisposable
{
    public const string Version = "1.0.0";

    /// <summary>The EdgeLake release whose commands, wire format and outputs this version follows.</summary>
    public const string CompatibleWith = "EdgeLake 1.4.2604";

    private readonly CancellationTokenSource _shutdown = new();
    private readonly List<Func<Task>> _shutdownHooks = [];
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _shuttingDown;

    public Node(NodeOptions options)
    {
        Time = options.Time;
        LoggerFactory = options.LoggerFactory ?? NullLoggerFactory.Instance;
        Log = new NodeLog(LoggerFactory.CreateLogger("EdgeNode"), Time);
        Dictionary = new NodeDictionary();
        Variables = new VariableResolver(Dictionary);
        Conditions = new ConditionEvaluator(Variables);
        Commands = new CommandTable();
        Dispatcher = new CommandDispatcher(this);
        Processes = new ProcessManager(Log);
        Scripts = new ScriptHost(this);
        Console = options.Console ?? NullOutputSink.Instance;
        Paths = new NodePaths(options.Home);
        SetDefaults(options.LocalIp ?? NodeIdentity.DiscoverLocalIp());
    }

    public TimeProvider Time { get; }
    public ILoggerFactory LoggerFactory { get; }
    public NodeLog Log { get; }
    public NodeDictionary Dictionary { get; }
    public VariableResolver Variables { get; }
    public ConditionEvaluator Conditions { get; }
    public CommandTable Commands { get; }
    public CommandDispatcher Dispatcher { get; }
    public ProcessManager Processes { get; }
    public ScriptHost Scripts { get; }
    public TraceSettings Trace { get; } = new();
    public NodeServices Services { get; } = new();
    public Metrics.NodeMetrics Metrics { get; } = new();

    /// <summary>Gives memory back after bursts of work; the executable runs it, modules register their cache releases.</summary>
    public MemoryTrimmer Memory { get; } = new();

    /// <summary>The commands REST callers and remote peers may run (<c>set command access</c>).</summary>
    public Security.CommandAccess Access { get; } = new();
    public WaitConditions WaitConditions { get; } = new();
    public NodePaths Paths { get; private set; }

    /// <summary><c>set echo queue on</c>: errors of script commands go to the echo queue instead of the console, as in EdgeLake.</summary>
    public bool EchoQueue { get; set; }

    /// <summary><c>set cli off</c>: the executable stops reading commands from its console (REST and peers still drive it).</summary>
    public bool CliEnabled { get; set; } = true;

    /// <summary>Where background output goes (threads, processes): the console of the executable, or nothing.</summary>
    public IOutputSink Console { get; set; }

    public DateTime StartTime { get; } = DateTime.UtcNow;

    public string Name => Dictionary.Get("node_name") is { Length: > 0 } name ? name : "edgenode";

    public string NodeId => _nodeId ??= NodeIdentity.LoadOrCreateNodeId(Path.Combine(Paths.DataDir, "pem", "node_id"));
    private string? _nodeId;

    public string LocalIp => Dictionary.Get("ip") ?? "127.0.0.1";

    public string ExternalIp => Dictionary.Get("external_ip") ?? LocalIp;

    /// <summary>Fires when the node shuts down (<c>exit node</c>, SIGTERM, end of input on a terminal).</summary>
    public CancellationToken ShutdownToken => _shutdown.Token;

    public bool IsShuttingDown => Volatile.Read(ref _shuttingDown) != 0;

    public Task Stopped => _stopped.Task;

    private string _registeringModule = "";

    /// <summary>Registers a feature module; its commands are documented under its name (type name without "Module").</summary>
    public void AddModule(ICommandModule module)
    {
        var name = module.GetType().Name;
        _registeringModule = name.EndsWith("Module", StringComparison.Ordinal) ? name[..^6] : name;
        try
        {
            module.Register(this);
        }
        finally
        {
            _registeringModule = "";
        }
    }

    public void AddCommand(CommandSpec spec) =>
        Commands.Add(spec.Module.Length == 0 && _registeringModule.Length > 0 ? spec with { Module = _registeringModule } : spec);

    /// <summary>Registers work for the last shutdown stage (closing databases, flushing journals).</summary>
    public void OnShutdown(Func<Task> hook)
    {
        lock (_shutdownHooks) _shutdownHooks.Add(hook);
    }

    /// <summary>The address peers reach this node on: the TCP server's external address, else the local IP.</summary>
    public string Address => Processes.Get(ProcessNames.Tcp) is IListenerProcess { State: ProcessState.Running } tcp
        ? tcp.ExternalAddress
        : Dictionary.Get("anylog_server_port") is { } port ? $"{ExternalIp}:{port}" : ExternalIp;

    /// <summary>Re-roots the node home: every path key of the dictionary follows (<c>set anylog home</c>).</summary>
    public void SetHome(string home)
    {
        Paths = new NodePaths(home);
        foreach (var (key, value) in Paths.DictionaryEntries()) Dictionary.Set(key, value);
        _nodeId = null;
    }

    private void SetDefaults(string localIp)
    {
        foreach (var (key, value) in Paths.DictionaryEntries()) Dictionary.Set(key, value);
        Dictionary.Set("ip", localIp);
        Dictionary.Set("external_ip", localIp);
        Dictionary.Set("dns", Environment.MachineName);
        Dictionary.Set("external_dns", Environment.MachineName);
        Dictionary.Set("hostname", Environment.MachineName);
        Dictionary.Set("io_buff_size", "2048");
        Dictionary.Set("node_name", "edgenode");
        Dictionary.Set("edgenode_version", Version);
    }

    /// <summary>Asks the node to stop; the host's main loop awaits <see cref="ShutdownAsync"/>.</summary>
    public void RequestShutdown() => _shutdown.Cancel();

    /// <summary>Stops every process in order, then runs storage hooks; bounded by <paramref name="timeout"/>.</summary>
    public async Task ShutdownAsync(TimeSpan timeout)
    {
        if (Interlocked.Exchange(ref _shuttingDown, 1) != 0)
        {
            await _stopped.Task;
            return;
        }
        try
        {
            await _shutdown.CancelAsync();
            Scripts.ExitAll();
            await Processes.StopAllAsync(timeout);
            Func<Task>[] hooks;
            lock (_shutdownHooks) hooks = _shutdownHooks.ToArray();
            foreach (var hook in hooks.Reverse())
            {
                try
                {
                    await hook().WaitAsync(timeout);
                }
                catch (Exception e)
                {
                    Log.Error($"Shutdown step failed: {e.Message}");
                }
            }
        }
        finally
        {
            _stopped.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await ShutdownAsync(TimeSpan.FromSeconds(10));
        _shutdown.Dispose();
        Metrics.Dispose();
    }
}
