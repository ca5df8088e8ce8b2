using Microsoft.Extensions.Hosting;

namespace EdgeNode.Network.Rest;

/// <summary>A host lifetime that does nothing: the REST server starts and stops when the node says, not on console signals.</summary>
internal sealed class RestHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
