using System.Buffers;
using System.Globalization;
using EdgeNode.Core;
using EdgeNode.Ingest.Streaming;

namespace EdgeNode.Ingest.Topics;

/// <summary>
/// <c>persist = true</c>: every message of the topic is kept as received, one per line (line breaks inside a message
/// become spaces), in <c>!bkup_dir/messages/&lt;topic&gt;.&lt;start time&gt;.json</c>, fsynced with the message's rows so
/// an acknowledged message is on disk both mapped and raw.
/// </summary>
internal sealed class RawMessageArchive(Node node, string topic) : IDisposable
{
    private readonly object _gate = new();
    private JournalSegment? _segment;

    public Task AppendAsync(ReadOnlySequence<byte> payload)
    {
        var line = new byte[payload.Length + 1];
        payload.CopyTo(line);
        for (var i = 0; i < line.Length - 1; i++)
            if (line[i] is (byte)'\n' or (byte)'\r') line[i] = (byte)' ';
        line[^1] = (byte)'\n';
        JournalSegment segment;
        long target;
        lock (_gate)
        {
            segment = _segment ??= Open();
            target = segment.Append(line);
        }
        return segment.SyncAsync(target).AsTask();
    }

    private JournalSegment Open()
    {
        var dir = Path.Combine(node.Dictionary.Get("bkup_dir") ?? Path.Combine(node.Paths.DataDir, "bkup"), "messages");
        Directory.CreateDirectory(dir);
        var safe = string.Concat(topic.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_'));
        var stamp = node.Time.GetUtcNow().UtcDateTime.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);
        return new JournalSegment(Path.Combine(dir, $"{safe}.{stamp}.json"));
    }

    public void Dispose()
    {
        lock (_gate) _segment?.Dispose();
    }
}
