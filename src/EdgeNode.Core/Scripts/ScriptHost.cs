using EdgeNode.Core.Commands;

namespace EdgeNode.Core.Scripts;

/// <summary>
/// Runs script files (<c>process</c> in the caller's flow, <c>thread</c> in the background) and stops them all on
/// <c>exit scripts</c>. Each line runs through the dispatcher with the frame, so control-flow commands steer the frame.
/// </summary>
public sealed class ScriptHost(Node node)
{
    private int _generation;
    private readonly List<Task> _threads = [];

    // cancelled by 'exit scripts' so a script blocked in 'wait 600' stops now, not at its next line
    private CancellationTokenSource _exit = new();

    public int Generation => Volatile.Read(ref _generation);

    /// <summary><c>set debug on</c>: every script line is printed before it runs.</summary>
    public bool Debug { get; set; }

    public int RunningThreads
    {
        get
        {
            lock (_threads) return _threads.Count(t => !t.IsCompleted);
        }
    }

    /// <summary>Stops every running script: the command it is running is cancelled and no further line runs.</summary>
    public void ExitAll()
    {
        Interlocked.Increment(ref _generation);
        Interlocked.Exchange(ref _exit, new CancellationTokenSource()).Cancel();
    }

    public static ScriptFrame Load(string path, int generation)
    {
        var text = File.ReadAllText(path);
        return new ScriptFrame(path, ScriptParser.Parse(text), generation);
    }

    public async Task<CommandResult> RunFileAsync(string path, CommandSource source, IOutputSink output, CancellationToken cancellation)
    {
        if (!File.Exists(path)) return CommandResult.Error(ErrorCode.FileNotFound, $"script '{path}' does not exist");
        ScriptFrame frame;
        try
        {
            frame = Load(path, Generation);
        }
        catch (CommandSyntaxException e)
        {
            return CommandResult.Error(e.Code, $"{path}: {e.Message}");
        }
        return await RunAsync(frame, source, output, cancellation);
    }

    /// <summary>Starts a script on its own task (<c>thread &lt;file&gt;</c>); its output goes to the node console.</summary>
    public CommandResult StartThread(string path, IOutputSink output)
    {
        if (!File.Exists(path)) return CommandResult.Error(ErrorCode.FileNotFound, $"script '{path}' does not exist");
        var task = Task.Run(async () =>
        {
            var result = await RunFileAsync(path, CommandSource.Script, output, node.ShutdownToken);
            // a thread stopped by the node's shutdown has nothing to report
            if (result.IsError && !(result.Code == ErrorCode.Cancelled && node.ShutdownToken.IsCancellationRequested))
                output.WriteLine(result.ErrorLine);
        });
        lock (_threads)
        {
            _threads.RemoveAll(t => t.IsCompleted);
            _threads.Add(task);
        }
        return CommandResult.Empty;
    }

    public async Task<CommandResult> RunAsync(ScriptFrame frame, CommandSource source, IOutputSink output, CancellationToken cancellation)
    {
        var exit = Volatile.Read(ref _exit);
        if (frame.Generation != Generation) return CommandResult.Empty; // 'exit scripts' came before the script began
        using var running = CancellationTokenSource.CreateLinkedTokenSource(cancellation, exit.Token);
        while (frame.ProgramCounter < frame.Lines.Count && !frame.Ended)
        {
            if (frame.Generation != Generation) return CommandResult.Empty; // exit scripts
            cancellation.ThrowIfCancellationRequested();
            var line = frame.Lines[frame.ProgramCounter++];
            if (ScriptFrame.IsLabel(line.Text)) continue;
            if (Debug) output.WriteLine($"[{Path.GetFileName(frame.Path)}:{line.Number}] {line.Text}");
            var result = await node.Dispatcher.ExecuteAsync(frame.ExpandLoopItems(line.Text), source, output, frame, running.Token);
            if (!result.IsError)
            {
                if (result.Text.Length > 0) output.WriteLine(result.Text);
                continue;
            }
            if (result.Code == ErrorCode.Cancelled) return frame.Generation != Generation ? CommandResult.Empty : result;
            var handler = frame.OnError;
            // 'set echo queue on' keeps errors for 'get echo queue' (EdgeLake's deployment scripts turn it on)
            if (node.EchoQueue) node.Log.EchoMessage($"Error executing: [{line.Text}] Message: [{result.ErrorLine}]");
            else if (handler.Action != ErrorAction.Ignore)
                output.WriteLine($"{Path.GetFileName(frame.Path)}:{line.Number}: {result.ErrorLine}");
            var outcome = handler.Action switch
            {
                ErrorAction.Goto => frame.Goto(handler.Label!),
                ErrorAction.Call => frame.Call(handler.Label!),
                ErrorAction.EndScript => End(frame),
                _ => CommandResult.Empty,
            };
            if (outcome.IsError) return outcome;
        }
        return CommandResult.Empty;
    }

    private static CommandResult End(ScriptFrame frame)
    {
        frame.End();
        return CommandResult.Empty;
    }

    /// <summary>Waits for background script threads to finish (bounded), during shutdown.</summary>
    public async Task WaitThreadsAsync(TimeSpan timeout)
    {
        Task[] running;
        lock (_threads) running = _threads.Where(t => !t.IsCompleted).ToArray();
        if (running.Length == 0) return;
        await Task.WhenAny(Task.WhenAll(running), Task.Delay(timeout));
    }
}
