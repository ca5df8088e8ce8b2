using System.Diagnostics;
using System.Text;

namespace EdgeNode.TestSupport;

/// <summary>
/// The mosquitto command-line clients, as a user runs them against any broker on 127.0.0.1: <c>mosquitto_pub</c> (one
/// message per line of standard input with <c>-l</c>) and <c>mosquitto_sub</c> (prints what it receives).
/// </summary>
public static class MosquittoClients
{
    /// <summary>Publishes each of <paramref name="messages"/> as one message (<c>mosquitto_pub -l</c>).</summary>
    public static Task<ExternalProgram.Run> PublishAsync(int port, string topic, IEnumerable<string> messages, int qos = 0, params string[] extra) =>
        ExternalProgram.RunAsync("mosquitto_pub", ["-h", "127.0.0.1", "-p", Port(port), "-t", topic, "-q", qos.ToString(System.Globalization.CultureInfo.InvariantCulture), "-l", .. extra],
            string.Join('\n', messages) + "\n", TimeSpan.FromSeconds(60));

    /// <summary>Publishes one message given on the command line (<c>-m</c>).</summary>
    public static Task<ExternalProgram.Run> PublishOneAsync(int port, string topic, string message, params string[] extra) =>
        ExternalProgram.RunAsync("mosquitto_pub", ["-h", "127.0.0.1", "-p", Port(port), "-t", topic, "-m", message, .. extra], null, TimeSpan.FromSeconds(30));

    /// <summary>Publishes the content of a file as one message (<c>-f</c>): a message too large for the command line.</summary>
    public static Task<ExternalProgram.Run> PublishFileAsync(int port, string topic, string path, params string[] extra) =>
        ExternalProgram.RunAsync("mosquitto_pub", ["-h", "127.0.0.1", "-p", Port(port), "-t", topic, "-f", path, .. extra], null, TimeSpan.FromSeconds(30));

    /// <summary>
    /// Starts <c>mosquitto_sub</c> that exits after <paramref name="count"/> messages or <paramref name="timeout"/>; the
    /// returned subscriber is connected and subscribed (it waits for the SUBACK, shown with <c>-d</c>).
    /// </summary>
    public static async Task<Subscriber> SubscribeAsync(int port, string topic, int count, TimeSpan timeout, params string[] extra)
    {
        // stdbuf: mosquitto_sub's output is a pipe here, which stdio would buffer until it exits
        var subscriber = new Subscriber(ExternalProgram.Start("stdbuf", ["-oL", "mosquitto_sub",
            "-h", "127.0.0.1", "-p", Port(port), "-t", topic, "-C", count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "-W", ((int)Math.Ceiling(timeout.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture), "-d", .. extra]));
        // subscribed: the SUBACK, or a retained message the broker sent first
        await subscriber.WaitForAsync(TimeSpan.FromSeconds(10), "received SUBACK", "received PUBLISH");
        return subscriber;
    }

    private static string Port(int port) => port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A running <c>mosquitto_sub</c>; its messages are the lines of its output that are not debug lines.</summary>
    public sealed class Subscriber : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();
        private readonly SemaphoreSlim _changed = new(0);

        internal Subscriber(Process process)
        {
            _process = process;
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is null) return;
                lock (_output) _output.Append(e.Data).Append('\n');
                _changed.Release();
            };
            process.BeginOutputReadLine();
        }

        private string Output
        {
            get
            {
                lock (_output) return _output.ToString();
            }
        }

        /// <summary>The messages received (debug lines from <c>-d</c> removed).</summary>
        public IReadOnlyList<string> Messages =>
            Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("Client ", StringComparison.Ordinal)
                && !l.StartsWith("Subscribed (mid", StringComparison.Ordinal)).ToList();

        /// <summary>Waits until the output shows one of <paramref name="texts"/>.</summary>
        public async Task WaitForAsync(TimeSpan timeout, params string[] texts)
        {
            using var limit = new CancellationTokenSource(timeout);
            var text = string.Join("' or '", texts);
            while (!texts.Any(t => Output.Contains(t, StringComparison.Ordinal)))
            {
                if (_process.HasExited)
                {
                    _process.WaitForExit(); // flushes the asynchronous output readers
                    if (texts.Any(t => Output.Contains(t, StringComparison.Ordinal))) return;
                    throw new InvalidOperationException($"mosquitto_sub exited ({_process.ExitCode}) without '{text}': {Output}");
                }
                try
                {
                    await _changed.WaitAsync(TimeSpan.FromMilliseconds(200), limit.Token);
                }
                catch (OperationCanceledException)
                {
                    throw new TimeoutException($"mosquitto_sub did not print '{text}' within {timeout.TotalSeconds} s: {Output}");
                }
            }
        }

        /// <summary>Waits until the subscriber exits (it received its count, or its -W timeout passed) and returns the messages.</summary>
        public async Task<IReadOnlyList<string>> CompleteAsync(TimeSpan timeout)
        {
            using var limit = new CancellationTokenSource(timeout);
            await _process.WaitForExitAsync(limit.Token);
            _process.WaitForExit(); // flushes the asynchronous output readers
            return Messages;
        }

        /// <summary>Kills the client (SIGKILL): it disappears without a DISCONNECT, as a device that loses power.</summary>
        public void Kill()
        {
            _process.Kill();
            _process.WaitForExit();
        }

        public void Dispose()
        {
            if (!_process.HasExited) _process.Kill();
            _process.Dispose();
            _changed.Dispose();
        }
    }
}
