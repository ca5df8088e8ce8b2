using System.Runtime.InteropServices;
using EdgeNode.Core;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Network;
using EdgeNode.Core.Scripts;

namespace EdgeNode;

/// <summary>
/// Runs a node: the startup commands, then the interactive prompt on a terminal, or standard input followed by a wait
/// for SIGTERM/SIGINT without one. Every path ends in an ordered, bounded shutdown.
/// </summary>
internal sealed class NodeRunner(Node node, IOutputSink console)
{
    public const string Prompt = "EN > ";
    public const string ContinuationPrompt = "...> ";
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(10);
    private readonly ScriptFrame _interactive = ScriptFrame.Interactive();
    private CancellationTokenSource? _running;

    public async Task<int> RunAsync(IReadOnlyList<string> startupCommands, bool interactive)
    {
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnStopSignal);
        using var quit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, OnStopSignal);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnInterrupt);
        foreach (var command in startupCommands)
        {
            if (node.ShutdownToken.IsCancellationRequested) break;
            await RunCommandAsync(command);
        }
        // 'set cli off' (EdgeLake's deployment scripts say it for containers): no console input, REST and peers drive the node
        if (interactive && node.CliEnabled) await PromptLoopAsync();
        else await StandardInputLoopAsync();
        await node.ShutdownAsync(ShutdownTimeout);
        return 0;
    }

    private void OnStopSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        node.RequestShutdown();
    }

    /// <summary>Ctrl+C cancels the running command; with none running (or without a prompt) it stops the node.</summary>
    private void OnInterrupt(PosixSignalContext context)
    {
        context.Cancel = true;
        var running = _running;
        if (running is not null && !running.IsCancellationRequested) running.Cancel();
        else node.RequestShutdown();
    }

    private async Task RunCommandAsync(string line)
    {
        // a sticky 'run client (dest)' sends typed lines to a peer; a leading '.' keeps a line local
        line = node.Services.Find<IConsoleDestination>()?.Route(line) ?? line;
        using var running = CancellationTokenSource.CreateLinkedTokenSource(node.ShutdownToken);
        _running = running;
        try
        {
            var result = await node.Dispatcher.ExecuteAsync(line, CommandSource.Cli, console, _interactive, running.Token);
            if (result.Writer is not null)
            {
                await result.Writer(Console.Out, running.Token);
                await Console.Out.WriteLineAsync();
            }
            else if (result.Display.Length > 0) console.WriteLine(result.Display);
        }
        finally
        {
            _running = null;
        }
    }

    private async Task PromptLoopAsync()
    {
        var history = new CommandHistory(Path.Combine(node.Paths.Root, ".edgenode_history"));
        var editor = new LineEditor(history);
        var blocks = new BlockAccumulator();
        while (!node.ShutdownToken.IsCancellationRequested)
        {
            string? line;
            try
            {
                // ReadKey blocks a thread; waiting on it lets 'exit node' from REST or a peer end the prompt too
                var prompt = blocks.InBlock ? ContinuationPrompt : Prompt;
                line = await Task.Run(() => editor.ReadLine(prompt)).WaitAsync(node.ShutdownToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            if (line is null) break; // Ctrl+D
            line = line.Trim();
            if (line.Length == 0) continue;
            history.Add(line);
            if (blocks.Add(line) is { } command) await RunCommandAsync(command);
        }
    }

    private async Task StandardInputLoopAsync()
    {
        if (Console.IsInputRedirected && node.CliEnabled)
        {
            var blocks = new BlockAccumulator();
            try
            {
                while (!node.ShutdownToken.IsCancellationRequested)
                {
                    // Console.In blocks its thread whatever token it is given: read on the pool and stop waiting on shutdown
                    var line = await Task.Run(Console.In.ReadLine).WaitAsync(node.ShutdownToken);
                    if (line is null) break;
                    line = line.Trim();
                    if (line.Length == 0 || line[0] == '#') continue;
                    if (blocks.Add(line) is { } command) await RunCommandAsync(command);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
        try
        {
            await Task.Delay(Timeout.Infinite, node.ShutdownToken);
        }
        catch (OperationCanceledException)
        {
            // shutdown requested
        }
    }
}
