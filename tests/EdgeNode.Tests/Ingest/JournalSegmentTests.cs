using EdgeNode.Ingest.Streaming;

namespace EdgeNode.Tests.Ingest;

public sealed class JournalSegmentTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("edgenode-journal-").FullName;

    /// <summary>
    /// A flush syncs a segment and closes it while callers that appended before it still wait for their own sync; one of
    /// them may start a sync after the flush's sync took the last bytes. That sync has nothing to write and must not touch
    /// the closed file: the caller's rows are durable and the client must be told so (a failure here made a REST PUT
    /// answer 500 for rows that were stored, and a client retry would duplicate them).
    /// </summary>
    [Fact]
    public async Task Callers_waiting_for_rows_a_flush_already_synced_succeed_after_the_segment_is_closed()
    {
        for (var round = 0; round < 300; round++)
        {
            var segment = new JournalSegment(Path.Combine(_directory, $"t.{round}.jnl"));
            var targets = Enumerable.Range(0, 4).Select(i => segment.Append("{\"v\": 1}\n"u8)).ToArray();
            // appenders reach their sync at different moments around the flush, as REST calls do
            var waiters = targets.Select(async (target, i) =>
            {
                for (var spin = 0; spin < i * 50; spin++) await Task.Yield();
                await segment.SyncAsync(target);
            }).ToArray();
            await segment.SyncAsync(segment.Written);
            segment.Dispose();
            await Task.WhenAll(waiters);
            Assert.Equal(4 * 9, new FileInfo(segment.Path).Length);
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
