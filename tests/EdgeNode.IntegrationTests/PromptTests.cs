using System.Diagnostics;
using System.Text;

namespace EdgeNode.IntegrationTests;

/// <summary>
/// The interactive prompt on a real terminal: <c>script</c> (util-linux) gives the executable a pseudo-terminal, so the
/// keys a user presses (Enter, Ctrl+C, Ctrl+D) go through the terminal's line discipline as they would at a console.
/// </summary>
public sealed class PromptTests
{
    [Fact]
    public async Task Ctrl_C_cancels_the_running_command_and_Ctrl_D_stops_the_node()
    {
        var home = Directory.CreateTempSubdirectory("edgenode-prompt-").FullName;
        var output = new StringBuilder();
        var info = new ProcessStartInfo("script")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        // 'exec': script runs the command through $SHELL -c; a shell left waiting in the terminal's foreground group
        // would take the Ctrl+C too (dash then kills itself with SIGINT once the node exits, exit status 130).
        // 'env --default-signal=INT': a test run started in the background inherits SIGINT ignored (see NodeProcess)
        foreach (var argument in (string[])["-qfec", $"exec env --default-signal=INT {string.Join(' ', NodeProcess.Command)} --home {home}", "/dev/null"])
            info.ArgumentList.Add(argument);
        using var terminal = Process.Start(info)!;
        // read characters, not lines: the prompt 'EN > ' waits without a newline
        var reading = Task.Run(async () =>
        {
            var buffer = new char[4096];
            int read;
            while ((read = await terminal.StandardOutput.ReadAsync(buffer, TestContext.Current.CancellationToken)) > 0) // ends when the terminal closes
                lock (output) output.Append(buffer, 0, read);
        }, TestContext.Current.CancellationToken);
        string Seen()
        {
            lock (output) return output.ToString();
        }
        async Task TypeAsync(string keys)
        {
            await terminal.StandardInput.WriteAsync(keys);
            await terminal.StandardInput.FlushAsync(TestContext.Current.CancellationToken);
        }
        try
        {
            await Eventually.HoldsAsync(() => Seen().Contains("EN > ", StringComparison.Ordinal), "the prompt", NodeProcess.EventBudget);
            await TypeAsync("trace level = 1 wait\r"); // the log file shows when 'wait' has begun
            await TypeAsync("wait 60\r");
            await NodeLogFile.WaitForAsync(home, "[Cli] wait 60", "the wait started");

            await TypeAsync("\u0003"); // Ctrl+C
            await Eventually.HoldsAsync(() => Seen().Contains("Error 13: Command cancelled: cancelled by the caller", StringComparison.Ordinal),
                "Ctrl+C cancelled the wait", NodeProcess.EventBudget);
            await TypeAsync("echo still here\r");
            await Eventually.HoldsAsync(() => Seen().Contains("\nstill here", StringComparison.Ordinal), "the node still answers", NodeProcess.EventBudget);

            await TypeAsync("\u0004"); // Ctrl+D on an empty line
            using var exit = new CancellationTokenSource(NodeProcess.EventBudget);
            await terminal.WaitForExitAsync(exit.Token);
            Assert.Equal(0, terminal.ExitCode);
        }
        finally
        {
            if (!terminal.HasExited) terminal.Kill(entireProcessTree: true);
            await reading;
            Directory.Delete(home, recursive: true);
        }
    }
}
