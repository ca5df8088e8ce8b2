using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace EdgeNode.TestSupport;

/// <summary>
/// A private network namespace with only its own loopback (<c>unshare -n</c>, <c>lo</c> up): nodes deployed from EdgeLake's
/// docker-compose files listen on the fixed ports those files name (a master on 32048, which every non-master's
/// <c>LEDGER_CONN=127.0.0.1:32048</c> points to), with no clash with the machine or another test, and nothing they try
/// (the deployment scripts look up their location at ipinfo.io) can leave the namespace. Processes start inside it with
/// <c>nsenter</c>; the test talks to them through sockets created inside it (<see cref="ConnectAsync"/>). Needs root,
/// as the interop tests run. Dispose ends the process that holds the namespace, by its pid.
/// </summary>
public sealed class NetworkNamespace : IAsyncDisposable
{
    private const int CloneNewNet = 0x40000000;
    private readonly Process _holder;

    private NetworkNamespace(Process holder)
    {
        _holder = holder;
    }

    /// <summary>The namespace file the holder keeps open: what <c>nsenter --net=</c> and <c>setns</c> enter.</summary>
    public string Path => $"/proc/{_holder.Id}/ns/net";

    public static async Task<NetworkNamespace> CreateAsync()
    {
        if (Environment.UserName != "root")
            Assert.Fail("deployment tests need root for a private network namespace (unshare -n); the interop tests run as root");
        var info = new ProcessStartInfo("unshare")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["-n", "--", "sh", "-c", "ip link set lo up && echo ready && exec sleep infinity"])
            info.ArgumentList.Add(argument);
        var holder = Process.Start(info)!;
        var ready = await holder.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken);
        if (ready != "ready")
        {
            var errors = await holder.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            holder.Kill();
            Assert.Fail($"no private network namespace (unshare -n): {errors}");
        }
        return new NetworkNamespace(holder);
    }

    /// <summary>A start of <paramref name="command"/> inside the namespace (through <c>nsenter</c>).</summary>
    public ProcessStartInfo StartInfo(string command, params string[] arguments)
    {
        var info = new ProcessStartInfo("nsenter")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])[$"--net={Path}", "--", command, .. arguments]) info.ArgumentList.Add(argument);
        return info;
    }

    /// <summary>The same start, inside the namespace (for helpers that build their own, such as <see cref="MosquittoServer"/>).</summary>
    public ProcessStartInfo Inside(ProcessStartInfo info)
    {
        var inside = StartInfo(info.FileName, [.. info.ArgumentList]);
        inside.RedirectStandardInput = info.RedirectStandardInput;
        inside.RedirectStandardOutput = info.RedirectStandardOutput;
        inside.RedirectStandardError = info.RedirectStandardError;
        foreach (var (key, value) in info.Environment) inside.Environment[key] = value;
        return inside;
    }

    /// <summary>
    /// Connects to <paramref name="port"/> on the namespace's 127.0.0.1. The socket is created on a thread that entered the
    /// namespace (a socket belongs to the namespace it was created in); the thread ends right after, the test's threads
    /// stay where they are.
    /// </summary>
    public async Task<Socket> ConnectAsync(int port, CancellationToken cancellation)
    {
        Socket? socket = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var handle = File.OpenHandle(Path);
                if (SetNs((int)handle.DangerousGetHandle(), CloneNewNet) != 0)
                    throw new IOException($"setns({Path}) failed: errno {Marshal.GetLastPInvokeError()}");
                socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        if (failure is not null) throw failure;
        try
        {
            await socket!.ConnectAsync(System.Net.IPAddress.Loopback, port, cancellation);
            return socket;
        }
        catch
        {
            socket!.Dispose();
            throw;
        }
    }

    /// <summary>An HTTP client whose connections are made inside the namespace (for <see cref="RestEndpoint"/>).</summary>
    public HttpMessageHandler HttpHandler() => new SocketsHttpHandler
    {
        ConnectCallback = async (context, cancellation) =>
            new NetworkStream(await ConnectAsync(context.DnsEndPoint.Port, cancellation), ownsSocket: true),
    };

    [DllImport("libc.so.6", EntryPoint = "setns", SetLastError = true)]
    private static extern int SetNs(int fd, int nsType);

    public async ValueTask DisposeAsync()
    {
        if (!_holder.HasExited)
        {
            _holder.Kill();
            await _holder.WaitForExitAsync();
        }
        _holder.Dispose();
    }
}
