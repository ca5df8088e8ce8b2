using System.Diagnostics;
using EdgeNode.TestSupport;

namespace EdgeNode.InteropTests.Peers;

/// <summary>Stops a node process the tests started (EdgeLake or EdgeNode): <c>exit node</c> over REST, killed after 10 s; then its home goes.</summary>
public static class NodeShutdown
{
    public static async Task StopAsync(Process process, RestEndpoint rest, string home)
    {
        if (!process.HasExited)
        {
            try
            {
                await rest.SendAsync(HttpMethod.Post, "exit node");
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or System.Net.Sockets.SocketException)
            {
                // not answering: killed below
            }
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
            }
        }
        process.Dispose();
        await rest.DisposeAsync();
        try
        {
            Directory.Delete(home, recursive: true);
        }
        catch (IOException)
        {
            // a file still held for a moment: temp space is cleaned by the OS
        }
    }
}
