using EdgeNode.Core;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Processes;
using NodeProcess = EdgeNode.Core.Processes.NodeProcess;

namespace EdgeNode.Tests.Core;

public sealed class ProcessManagerTests : IAsyncLifetime
{
    private readonly TestNode _node = new();
    private static readonly CancellationToken Token = CancellationToken.None;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _node.DisposeAsync();

    /// <summary>A process whose loop ticks until stopped, or throws when told to.</summary>
    private sealed class TickingProcess(NodeLog log, string name, ShutdownStage stage, List<string>? stopOrder = null) : NodeProcess(log)
    {
        public int Ticks;
        public volatile bool Fail;
        public override string Name => name;
        public override ShutdownStage Stage => stage;
        protected override string DescribeConfiguration() => $"Ticks: {Ticks}";

        protected override async Task ExecuteAsync(CancellationToken stopping)
        {
            while (true)
            {
                if (Fail) throw new InvalidOperationException("disk on fire");
                Interlocked.Increment(ref Ticks);
                await Task.Delay(5, stopping);
            }
        }

        protected override Task OnStoppingAsync(CancellationToken cancellation)
        {
            lock (stopOrder ?? []) stopOrder?.Add(name);
            return Task.CompletedTask;
        }
    }

    private sealed class RefusingProcess(NodeLog log) : NodeProcess(log)
    {
        public override string Name => ProcessNames.Rest;
        protected override string DescribeConfiguration() => "";
        protected override Task OnStartingAsync(CancellationToken cancellation) => throw new IOException("Address already in use");
        protected override Task ExecuteAsync(CancellationToken stopping) => Task.CompletedTask;
    }

    [Fact]
    public async Task Every_known_process_is_listed_not_declared_until_started()
    {
        var table = await _node.OkAsync("get processes");
        foreach (var (name, _) in ProcessNames.All) Assert.Contains($"    {name}", table, StringComparison.Ordinal);
        Assert.Contains("Streamer       |Not declared|", table, StringComparison.Ordinal);
        var json = await _node.OkAsync("get processes where format = json");
        Assert.StartsWith("{\"TCP\": {\"Status\": \"Not declared\"}, \"REST\": {\"Status\": \"Not declared\"}", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_process_rows_are_edgelakes_in_its_order()
    {
        static List<string> Names(string table) => table.Split('\n')
            .Where(line => line.Contains('|', StringComparison.Ordinal) && !line.TrimStart().StartsWith('-'))
            .Select(line => line.Split('|')[0].Trim()).ToList();
        var reference = Names(await File.ReadAllTextAsync(ReferenceOutputs.File("get_processes.txt"),
            TestContext.Current.CancellationToken));
        var anyLogOnly = new[] { ProcessNames.Publisher, ProcessNames.Distributor, ProcessNames.Consumer };
        Assert.Equal(reference, Names(await _node.OkAsync("get processes")).Except(anyLogOnly));
        Assert.Contains("\"MSG Broker\": {\"Status\": \"Not declared\"}", await _node.OkAsync("get processes where format = json"),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_exit_word_names_its_process()
    {
        await _node.OkAsync("exit workers"); // the query pool every node starts at boot
        foreach (var (name, exitWords) in ProcessNames.All)
        {
            foreach (var word in exitWords)
            {
                if (word == "msg client") continue; // 'exit msg client <id>|all' of the MQTT module: see MqttClientTests
                if (word == "scheduler") continue; // the system scheduler runs from boot: see SchedulerLayoutTests
                var result = await _node.RunAsync($"exit {word}");
                Assert.Equal(ErrorCode.ProcessNotRunning, result.Code);
                Assert.Equal($"Error 11: Process not running: {name} is not running", result.ErrorLine);
            }
        }
    }

    [Fact]
    public async Task Start_shows_running_with_details_and_a_second_start_is_rejected()
    {
        var process = new TickingProcess(_node.Node.Log, ProcessNames.Streamer, ShutdownStage.Pipeline);
        Assert.False((await _node.Node.Processes.StartAsync(process, Token)).IsError);
        Assert.Matches(@"Streamer       \|Running     \|Ticks: \d+", await _node.OkAsync("get processes"));
        var second = await _node.Node.Processes.StartAsync(new TickingProcess(_node.Node.Log, ProcessNames.Streamer, ShutdownStage.Pipeline), Token);
        Assert.Equal(ErrorCode.ProcessAlreadyRunning, second.Code);
        Assert.Contains("use 'exit streamer' first", second.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exit_stops_the_process_and_it_can_start_again()
    {
        var process = new TickingProcess(_node.Node.Log, ProcessNames.Operator, ShutdownStage.Pipeline);
        await _node.Node.Processes.StartAsync(process, Token);
        await _node.OkAsync("exit operator");
        Assert.Equal(ProcessState.Stopped, process.State);
        var ticks = process.Ticks;
        await Task.Delay(50, TestContext.Current.CancellationToken);
        Assert.Equal(ticks, process.Ticks);
        Assert.Contains("Operator       |Not declared|", await _node.OkAsync("get processes"), StringComparison.Ordinal);
        Assert.Equal(ErrorCode.ProcessNotRunning, (await _node.RunAsync("exit operator")).Code);
        Assert.False((await _node.Node.Processes.StartAsync(process, Token)).IsError);
        Assert.Equal(ProcessState.Running, process.State);
    }

    [Fact]
    public async Task A_faulted_process_shows_its_reason_and_the_node_keeps_working()
    {
        var process = new TickingProcess(_node.Node.Log, ProcessNames.KafkaConsumer, ShutdownStage.Pipeline);
        await _node.Node.Processes.StartAsync(process, Token);
        process.Fail = true;
        for (var i = 0; i < 200 && process.State != ProcessState.Faulted; i++) await Task.Delay(10, TestContext.Current.CancellationToken);
        Assert.Contains("Kafka Consumer |Faulted     |Faulted: disk on fire", await _node.OkAsync("get processes"), StringComparison.Ordinal);
        Assert.Contains("Process Kafka Consumer faulted", await _node.OkAsync("get error log"), StringComparison.Ordinal);
        Assert.Equal("still here", await _node.OkAsync("print still here"));
        Assert.False((await _node.Node.Processes.StartAsync(new TickingProcess(_node.Node.Log, ProcessNames.KafkaConsumer, ShutdownStage.Pipeline), Token)).IsError);
    }

    [Fact]
    public async Task A_start_failure_is_an_error_result_and_leaves_the_process_not_declared()
    {
        var result = await _node.Node.Processes.StartAsync(new RefusingProcess(_node.Node.Log), Token);
        Assert.Equal(ErrorCode.ProcessFailure, result.Code);
        Assert.Contains("Address already in use", result.Text, StringComparison.Ordinal);
        Assert.Contains("REST           |Not declared|", await _node.OkAsync("get processes"), StringComparison.Ordinal);
        var errors = await _node.OkAsync("get error log");
        Assert.Contains("Failed to start REST: Address already in use", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", errors, StringComparison.Ordinal); // an environment error, not a bug: no stack trace
    }

    [Fact]
    public async Task Shutdown_stops_listeners_then_pipelines_then_storage()
    {
        var order = new List<string>();
        var manager = _node.Node.Processes;
        await manager.StartAsync(new TickingProcess(_node.Node.Log, ProcessNames.Operator, ShutdownStage.Pipeline, order), Token);
        await manager.StartAsync(new TickingProcess(_node.Node.Log, "Storage Writer", ShutdownStage.Storage, order), Token);
        await manager.StartAsync(new TickingProcess(_node.Node.Log, ProcessNames.Tcp, ShutdownStage.Listener, order), Token);
        await manager.StartAsync(new TickingProcess(_node.Node.Log, ProcessNames.Streamer, ShutdownStage.Pipeline, order), Token);
        var hookRan = false;
        _node.Node.OnShutdown(() =>
        {
            lock (order) hookRan = order.Count == 4;
            return Task.CompletedTask;
        });
        await _node.Node.ShutdownAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(ProcessNames.Tcp, order[0]);
        Assert.Equal(["Operator", "Streamer"], order.Skip(1).Take(2).Order());
        Assert.Equal("Storage Writer", order[3]);
        Assert.True(hookRan, "storage hooks run after every process stopped");
    }

    [Fact]
    public async Task Exit_node_requests_shutdown_and_unknown_exit_is_an_error()
    {
        var unknown = await _node.RunAsync("exit spaceship");
        Assert.Equal(ErrorCode.CommandStructure, unknown.Code);
        Assert.Contains("expected one of: node, scripts, tcp", unknown.Text, StringComparison.Ordinal);
        await _node.OkAsync("exit node");
        Assert.True(_node.Node.ShutdownToken.IsCancellationRequested);
    }
}
