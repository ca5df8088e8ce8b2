using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using EdgeNode.Core.Commands;
using static EdgeNode.Core.Modules.CommandHelpers;

namespace EdgeNode.Core.Modules;

/// <summary>
/// The machine and the console, as EdgeLake's deployment scripts use them: <c>get hostname</c>, <c>system</c>,
/// <c>file test</c>, <c>json</c>, <c>set echo queue on|off</c>, <c>set cli on|off</c>.
/// </summary>
internal static class HostCommands
{
    /// <summary>EdgeLake's default wait for a <c>system</c> command.</summary>
    private const int DefaultSystemTimeoutSeconds = 5;

    /// <summary>Output kept from a <c>system</c> command (a runaway command must not fill the node's memory).</summary>
    private const int MaxSystemOutput = 1 << 20;

    public static void Register(Node node)
    {
        node.AddCommand(new CommandSpec("get hostname", "Show the name of the machine the node runs on.", Hostname)
        {
            Examples = ["get hostname", "hostname = get hostname"],
            Http = HttpRule.Get,
            Topics = ["node info"],
        });
        node.AddCommand(new CommandSpec("system", "Run a shell command on the node's machine and show (or assign) what it prints.", SystemCommand)
        {
            Usage = "system [timeout = [seconds]] [shell command]",
            Explanation = "The words are joined by spaces (double quotes removed, single quotes kept for the shell, !var replaced) and " +
                          "run by /bin/sh; after the timeout (default 5 seconds) the command is killed. Output lines end with \\r\\n, as " +
                          "EdgeLake stores them; anything on standard error makes the command fail. Only the console and scripts may " +
                          "run it: REST callers and peers are refused.",
            Examples = ["system ls -l !blockchain_dir", "config_version = system grep -m1 \"^version\" !local_scripts/setup.cfg | awk -F \" = \" '{print $2}' | xargs",
                "system timeout = 10 df -h"],
            Topics = ["node info", "script"],
        });
        node.AddCommand(new CommandSpec("file test", "Show True when a file or directory exists, else False.", FileTest)
        {
            Usage = "file test [path]",
            Examples = ["file test !blockchain_file", "is_dir = file test !local_scripts"],
            Http = HttpRule.Get,
            Topics = ["file"],
        });
        node.AddCommand(new CommandSpec("json", "Show a JSON object if the text is one (empty otherwise); 'test' shows true or false.", Json)
        {
            Usage = "json [text] [test]",
            Examples = ["validate_policy = json !new_policy", "json {\"a\": 1} test"],
            Http = HttpRule.Get,
            Topics = ["script"],
        });
        node.AddCommand(new CommandSpec("set echo queue", "Keep script errors and 'echo' messages in the echo queue instead of printing errors ('on'), or print them ('off').", EchoQueue)
        {
            Usage = "set echo queue on|off",
            Examples = ["set echo queue on", "set echo queue off"],
            Topics = ["log", "script"],
        });
        node.AddCommand(new CommandSpec("set cli", "Stop reading commands from the console ('off'): the node runs until stopped, driven by REST and peers.", Cli)
        {
            Usage = "set cli off|on",
            Examples = ["set cli off"],
            Topics = ["configuration"],
        });
    }

    private static ValueTask<CommandResult> Hostname(CommandContext context) => Done(System.Net.Dns.GetHostName());

    private static async ValueTask<CommandResult> SystemCommand(CommandContext context)
    {
        if (context.Source is CommandSource.Rest or CommandSource.Peer)
            return CommandResult.Error(ErrorCode.NotSupported, "'system' runs only from the node's console or a script");
        var args = context.Arguments;
        var timeout = DefaultSystemTimeoutSeconds;
        var from = 0;
        if (args.Count > 3 && args[0].IsWord("timeout") && args[1].IsOperator("=") && int.TryParse(args[2].Text, NumberStyles.None, CultureInfo.InvariantCulture, out timeout))
            from = 3;
        if (args.Count <= from) return CommandResult.Error(ErrorCode.CommandStructure, "missing the shell command after 'system'");
        var shell = string.Join(' ', args.Skip(from).Select(t => t.Text));
        var info = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(shell);
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var output = ReadBoundedAsync(process.StandardOutput, context.Cancellation);
        var errors = ReadBoundedAsync(process.StandardError, context.Cancellation);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(context.Cancellation);
        limit.CancelAfter(TimeSpan.FromSeconds(timeout));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await Task.WhenAll(output, errors).ContinueWith(_ => { }, TaskScheduler.Default); // the readers end with the process
            if (context.Cancellation.IsCancellationRequested) throw;
            return CommandResult.Error(ErrorCode.Timeout, $"'{shell}' was stopped after {timeout} seconds");
        }
        var error = await errors;
        if (error.Length > 0) return CommandResult.Error(ErrorCode.ProcessFailure, $"'{shell}' returned: {error.TrimEnd()}");
        var text = await output;
        // EdgeLake ends each line with \r\n, and an assignment keeps the output as it came (config policies hold it)
        if (!text.Contains('\r', StringComparison.Ordinal)) text = text.Replace("\n", "\r\n", StringComparison.Ordinal);
        return CommandResult.Ok(text.TrimEnd('\r', '\n')).WithValue(text);
    }

    private static async Task<string> ReadBoundedAsync(StreamReader reader, CancellationToken cancellation)
    {
        var builder = new StringBuilder();
        var buffer = new char[8192];
        int read;
        while ((read = await reader.ReadAsync(buffer, cancellation)) > 0)
            if (builder.Length < MaxSystemOutput) builder.Append(buffer, 0, Math.Min(read, MaxSystemOutput - builder.Length));
        return builder.ToString();
    }

    private static ValueTask<CommandResult> FileTest(CommandContext context)
    {
        var path = string.Join(' ', context.Arguments.Select(t => t.Text)).Trim();
        if (path.Length == 0) return Fail(ErrorCode.CommandStructure, "missing the path after 'file test'");
        // EdgeLake prints Python's booleans
        return Done(File.Exists(path) || Directory.Exists(path) ? "True" : "False");
    }

    private static ValueTask<CommandResult> Json(CommandContext context)
    {
        var args = context.Arguments;
        if (args.Count is < 1 or > 2 || (args.Count == 2 && !args[1].IsWord("test")))
            return Fail(ErrorCode.CommandStructure, "expected 'json [text]' or 'json [text] test'");
        var text = args[0].Text;
        var isObject = IsJsonObject(text);
        if (args.Count == 2) return Done(isObject ? "true" : "false");
        return Done(isObject ? CommandResult.Json(text) : CommandResult.Empty);
    }

    private static bool IsJsonObject(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static ValueTask<CommandResult> EchoQueue(CommandContext context)
    {
        if (OnOff(context) is not { } on) return Fail(ErrorCode.CommandStructure, "expected 'set echo queue on' or 'set echo queue off'");
        context.Node.EchoQueue = on;
        return Done(CommandResult.Empty);
    }

    private static ValueTask<CommandResult> Cli(CommandContext context)
    {
        if (OnOff(context) is not { } on) return Fail(ErrorCode.CommandStructure, "expected 'set cli off' or 'set cli on'");
        context.Node.CliEnabled = on;
        return Done(on ? "CLI enabled" : "CLI disabled");
    }

    private static bool? OnOff(CommandContext context) =>
        context.Arguments.Count != 1 ? null : context.Arguments[0].Text.ToLowerInvariant() switch { "on" => true, "off" => false, _ => null };
}
