using System.Collections.Concurrent;

namespace EdgeNode.Network.Tcp.Client;

/// <summary>
/// The files this node asked peers for with <c>run client (...) file get</c>, by the local path each lands at. The path
/// names the request a landed file answers: an EdgeLake peer answers <c>file get</c> with a <c>file write</c> whose job
/// fields are 0/0, so its job cannot be found by id. And a path the node's own user chose is one a peer may write,
/// whatever the file access rules say of other paths (they guard against writes nobody asked for).
/// </summary>
internal sealed class PendingFileGets
{
    private readonly ConcurrentDictionary<string, Expected> _byPath = new(StringComparer.Ordinal);

    /// <summary>Expects a file at <paramref name="path"/> (a full path) until the returned registration is disposed.</summary>
    public Expected Expect(string path)
    {
        var expected = new Expected(path, this);
        _byPath[path] = expected;
        return expected;
    }

    public bool IsExpected(string path) => _byPath.ContainsKey(path);

    /// <summary>The job waiting for the file at <paramref name="path"/>, or null.</summary>
    public PeerJob? JobFor(string path) => _byPath.TryGetValue(path, out var expected) ? expected.Job : null;

    /// <summary>One expected file; its <see cref="Job"/> is set once the request is sent.</summary>
    public sealed class Expected(string path, PendingFileGets owner) : IDisposable
    {
        public PeerJob? Job { get; set; }

        public void Dispose() => owner._byPath.TryRemove(new KeyValuePair<string, Expected>(path, this));
    }
}
