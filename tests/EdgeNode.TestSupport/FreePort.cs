using System.Net;
using System.Net.Sockets;

namespace EdgeNode.TestSupport;

/// <summary>
/// Free TCP ports on 127.0.0.1 for servers started by tests (never a fixed port: tests run in parallel). Ports come from
/// below the kernel's ephemeral range (32768-60999), so no outgoing connection of a test can take a port between the
/// moment it is handed out and the moment the server binds it; and each is held by a lock file while the test process
/// runs, so the test assemblies that run side by side never hand out the same port twice.
/// </summary>
public static class FreePort
{
    private const int First = 20_000;
    private const int Count = 12_000;

    private static readonly string LockDirectory = Path.Combine(Path.GetTempPath(), "edgenode-test-ports");
    private static readonly List<FileStream> Held = [];
    private static int _next = Random.Shared.Next(Count);

    public static int Get()
    {
        Directory.CreateDirectory(LockDirectory);
        lock (Held)
        {
            for (var tried = 0; tried < Count; tried++)
            {
                var port = First + _next;
                _next = (_next + 1) % Count;
                if (Reserve(port) is not { } reserved) continue;
                if (IsFree(port))
                {
                    Held.Add(reserved);
                    return port;
                }
                reserved.Dispose();
            }
        }
        throw new InvalidOperationException($"no free port between {First} and {First + Count - 1}");
    }

    /// <summary>The port's lock file, held open by this process (released when it exits); null when another holds it.</summary>
    private static FileStream? Reserve(int port)
    {
        try
        {
            return new FileStream(Path.Combine(LockDirectory, $"{port}.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
