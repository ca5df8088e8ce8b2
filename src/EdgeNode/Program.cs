using EdgeNode;
using EdgeNode.Core;
using EdgeNode.Core.Modules;
using Microsoft.Extensions.Logging;

// before any native library allocates: fewer glibc arenas hold less freed memory (docs/performance.md, memory budget)
EdgeNode.Core.Hosting.NativeHeap.LimitArenas(2);
var options = LaunchOptions.Parse(args);
if (options.Error is not null)
{
    Console.Error.WriteLine($"edgenode: {options.Error}\n\n{LaunchOptions.Usage}");
    return 2;
}
if (options.ShowHelp)
{
    Console.WriteLine(LaunchOptions.Usage);
    return 0;
}
if (options.ShowVersion)
{
    Console.WriteLine($"EdgeNode {Node.Version} ({Node.CompatibleWith} compatible)");
    return 0;
}

var home = options.Home ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
var lockError = "";
using var homeLock = options.CommandsDoc ? null : HomeLock.TryTake(home, out lockError);
if (homeLock is null && !options.CommandsDoc)
{
    Console.Error.WriteLine($"edgenode: {lockError}");
    return 1;
}
var interactive = !options.NoPrompt && !Console.IsInputRedirected && !Console.IsOutputRedirected;
var logPath = Path.Combine(home, "EdgeLake", "data", "logs", "edgenode.log");
using var fileLog = new FileLoggerProvider(logPath, LogLevel.Information, options.Log);
using var loggerFactory = LoggerFactory.Create(builder =>
{
    // the file keeps events (process starts and stops, shutdown order) whatever the console shows
    builder.SetMinimumLevel(LogLevel.Information).AddProvider(fileLog);
    if (!interactive)
        builder.AddConsole(c => c.LogToStandardErrorThreshold = LogLevel.Trace)
            .AddSimpleConsole(c => c.SingleLine = true)
            .AddFilter<Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider>(null, LogLevel.Warning);
});
var console = new ConsoleOutputSink();
await using var node = NodeComposition.Create(new NodeOptions { Home = home, LoggerFactory = loggerFactory, Console = console });

if (options.CommandsDoc)
{
    Console.Write(CommandDocs.Markdown(node.Commands));
    return 0;
}

if (Environment.GetEnvironmentVariable("EDGENODE_TRIM_MEMORY") != "0") _ = node.Memory.RunAsync(node.Time, node.ShutdownToken);
if (interactive) Console.WriteLine($"\nEdgeNode Version: {Node.Version} ({Node.CompatibleWith} compatible)\n");
return await new NodeRunner(node, console).RunAsync(options.Commands, interactive);
