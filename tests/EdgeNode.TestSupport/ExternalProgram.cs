using System.Diagnostics;
using System.Text;

namespace EdgeNode.TestSupport;

/// <summary>A program a test runs to its end (a client, a parser, a browser): its exit code and output, within a deadline.</summary>
public static class ExternalProgram
{
    /// <summary>The result of a run: exit code and output.</summary>
    public sealed record Run(int ExitCode, string Output, string Errors)
    {
        public string[] Lines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    public static Process Start(string program, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(program, arguments)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
        };
        return Process.Start(info) ?? throw new InvalidOperationException($"{program} did not start");
    }

    /// <summary>
    /// Runs <paramref name="program"/> with <paramref name="input"/> on its standard input; past <paramref name="timeout"/> it
    /// is killed (with the processes it started, by its id) and a <see cref="TimeoutException"/> says what it printed.
    /// </summary>
    public static async Task<Run> RunAsync(string program, IEnumerable<string> arguments, string? input, TimeSpan timeout)
    {
        using var process = Start(program, arguments);
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (input is not null) await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} did not finish within {timeout.TotalSeconds} s: {await errors}");
        }
        return new Run(process.ExitCode, await output, await errors);
    }
}
