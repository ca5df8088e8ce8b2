namespace EdgeNode;

/// <summary>What the command line asked for: the node home, startup commands, or an informational action.</summary>
internal sealed record LaunchOptions
{
    public string? Home { get; init; }
    public List<string> Commands { get; init; } = [];
    public bool ShowHelp { get; init; }
    public bool ShowVersion { get; init; }
    public bool CommandsDoc { get; init; }
    public bool NoPrompt { get; init; }
    public string? Error { get; init; }
    public LogFileLimits Log { get; init; } = LogFileLimits.Default;

    public const string HomeVariable = "EDGENODE_HOME";

    public const string Usage = """
        Usage: edgenode [options] [process <script> | "<command>" ...]

          edgenode                       open the interactive prompt (EN >)
          edgenode process <file>        run a script, then keep running as a node
          edgenode "<cmd>" "<cmd>" ...   run commands in order, then keep running as a node

        Options:
          --home <dir>      node home (default: $EDGENODE_HOME, else the user's home directory);
                            data lives under <home>/EdgeLake/{data,blockchain}
          --no-prompt       run without a prompt even on a terminal (as under systemd or in a container)
          --log-size <size> size at which <home>/EdgeLake/data/logs/edgenode.log rotates (default 10MB)
          --log-files <n>   log files kept, the current one included (default 5)
          --version         print the version and exit
          --commands-doc    print the command reference (docs/commands.md) and exit
          -h, --help        print this help and exit

        Without a terminal the node reads commands from standard input until it ends, then runs until
        SIGTERM or SIGINT and stops every process in order. 'exit node' stops it from anywhere.
        """;

    public static LaunchOptions Parse(string[] args)
    {
        var commands = new List<string>();
        string? home = null;
        bool help = false, version = false, doc = false, noPrompt = false;
        var log = LogFileLimits.Default;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "-h" or "--help":
                    help = true;
                    break;
                case "--version":
                    version = true;
                    break;
                case "--commands-doc":
                    doc = true;
                    break;
                case "--no-prompt":
                    noPrompt = true;
                    break;
                case "--home":
                    if (i + 1 >= args.Length) return new LaunchOptions { Error = "--home needs a directory" };
                    home = args[++i];
                    break;
                case "--log-size":
                    if (i + 1 >= args.Length || !Core.Binding.ValueParsers.TryParseBytes(args[++i], out var bytes) || bytes < 4096)
                        return new LaunchOptions { Error = "--log-size needs a size of at least 4KB, such as 10MB" };
                    log = log with { MaxBytes = bytes };
                    break;
                case "--log-files":
                    if (i + 1 >= args.Length || !int.TryParse(args[++i], System.Globalization.CultureInfo.InvariantCulture, out var files) || files is < 1 or > 1000)
                        return new LaunchOptions { Error = "--log-files needs a number from 1 to 1000" };
                    log = log with { MaxFiles = files };
                    break;
                case "process" or "thread" when i + 1 < args.Length:
                    commands.Add($"{arg} {args[++i]}");
                    break;
                default:
                    if (arg.StartsWith("--", StringComparison.Ordinal))
                        return new LaunchOptions { Error = $"unknown option '{arg}'" };
                    commands.Add(arg);
                    break;
            }
        }
        return new LaunchOptions
        {
            Home = home ?? Environment.GetEnvironmentVariable(HomeVariable),
            Commands = commands,
            ShowHelp = help,
            ShowVersion = version,
            CommandsDoc = doc,
            NoPrompt = noPrompt,
            Log = log,
        };
    }
}
