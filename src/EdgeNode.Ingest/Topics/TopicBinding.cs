using System.Buffers;
using System.Text;
using System.Text.Json;
using EdgeNode.Core;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Ingest;
using EdgeNode.Core.Metrics;

using EdgeNode.Ingest.Blobs;
using EdgeNode.Ingest.Mapping;
using EdgeNode.Ingest.Streaming;

namespace EdgeNode.Ingest.Topics;

/// <summary>
/// One compiled topic block of a subscription: maps each message with its <see cref="MessageMapping"/> and appends the
/// rows to the streamer (<c>dbms.table.0.0</c>, streaming mode), counting what happened. A message that cannot be mapped
/// is counted and logged with its reason and never blocks the topic: the caller gets an error result and moves on.
/// </summary>
internal sealed class TopicBinding
{
    [ThreadStatic] private static MappedRows? t_rows;

    private readonly Node _node;
    private readonly Streamer _streamer;
    private readonly BlobInbox _blobs;
    private readonly TopicSubscription _owner;
    private readonly RawMessageArchive? _archive;
    private readonly object _errorGate = new();
    private long _messages;
    private long _success;
    private long _errors;
    private long _lastMessageTicks;
    private long _lastErrorTicks;
    private string _lastError = "";

    public TopicBinding(Node node, Streamer streamer, BlobInbox blobs, TopicSubscription owner, MessageTopic topic, MessageMapping mapping)
    {
        _node = node;
        _streamer = streamer;
        _blobs = blobs;
        _owner = owner;
        Topic = topic;
        Mapping = mapping;
        if (topic.Persist) _archive = new RawMessageArchive(node, topic.Name);
    }

    public MessageTopic Topic { get; }
    public MessageMapping Mapping { get; }

    public async ValueTask<IngestResult> IngestAsync(string topic, ReadOnlySequence<byte> payload, CancellationToken cancellation)
    {
        var now = _node.Time.GetUtcNow().UtcDateTime;
        Interlocked.Increment(ref _messages);
        Volatile.Write(ref _lastMessageTicks, now.Ticks);
        var definition = _owner.Definition;
        if (definition.Log || definition.OnlyLog) _node.Log.Event($"Message client {_owner.Id:D4}: topic '{topic}': {Preview(payload)}");
        var archived = _archive?.AppendAsync(payload) ?? Task.CompletedTask;
        if (definition.OnlyLog)
        {
            await archived;
            Interlocked.Increment(ref _success);
            return IngestResult.Ok();
        }
        var rows = t_rows ??= new MappedRows();
        rows.Clear();
        try
        {
            using var document = JsonDocument.Parse(payload);
            Mapping.Map(document.RootElement, now, rows);
        }
        catch (JsonException e)
        {
            await archived;
            // the position, not e.Message: the executable trims resource strings (UseSystemResourceKeys), leaving only a key
            return Fail(topic, payload, ErrorCode.JsonError,
                $"the message is not valid JSON (line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1})");
        }
        catch (MappingException e)
        {
            await archived;
            return Fail(topic, payload, ErrorCode.JsonError, e.Message);
        }
        if (rows.Tables.Any(t => t.Blobs.Count > 0))
        {
            await archived;
            return HandOverBlobs(topic, payload, rows);
        }
        // the streamer copies the rows before its first await: the thread's buffers are free once these calls return
        try
        {
            if (rows.TableCount == 1)
            {
                var table = rows[0];
                var appended = _streamer.AddRowsAsync(Key(table), table.Data, table.Rows, cancellation);
                await archived;
                await appended;
            }
            else
            {
                var pending = new Task[rows.TableCount];
                for (var i = 0; i < pending.Length; i++)
                    pending[i] = _streamer.AddRowsAsync(Key(rows[i]), rows[i].Data, rows[i].Rows, cancellation).AsTask();
                await archived;
                await Task.WhenAll(pending);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fail(topic, payload, ErrorCode.FileError, $"journaling the rows failed: {e.Message}");
        }
        Interlocked.Increment(ref _success);
        var mapped = 0L;
        for (var i = 0; i < rows.TableCount; i++) mapped += rows[i].Rows;
        _node.Metrics.RowsReceived(Channel(_owner.Definition.Broker), mapped);
        return IngestResult.Ok();
    }

    /// <summary>The channel a subscription's rows count under: the node's own broker, REST <c>command: data</c>, or an MQTT broker.</summary>
    private static IngestChannel Channel(string broker) => broker switch
    {
        "local" => IngestChannel.Broker,
        "rest" => IngestChannel.Rest,
        _ => IngestChannel.Mqtt,
    };

    /// <summary>
    /// Rows that carry blobs (a mapping policy's blob columns) go to <c>bwatch_dir</c> with their blobs, for the blobs
    /// archiver, instead of the streamer; the file names the policy so the archiver finds the blob columns.
    /// </summary>
    private IngestResult HandOverBlobs(string topic, ReadOnlySequence<byte> payload, MappedRows rows)
    {
        foreach (var table in rows.Tables)
            foreach (var blob in table.Blobs)
                if (_blobs.Refusal(table.Dbms, table.Table, blob) is { } refused) return Fail(topic, payload, refused.Code, refused.Detail);
        try
        {
            foreach (var table in rows.Tables) _blobs.Accept(table.Dbms, table.Table, "0", Topic.Policy ?? "0", table.Blobs, table.Data.Span);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fail(topic, payload, ErrorCode.FileError, $"writing the blobs failed: {e.Message}");
        }
        Interlocked.Increment(ref _success);
        return IngestResult.Ok();
    }

    private static BufferKey Key(MappedRows.TableRows table) => new(table.Dbms, table.Table, "0", "0");

    private IngestResult Fail(string topic, ReadOnlySequence<byte> payload, ErrorCode code, string reason)
    {
        Interlocked.Increment(ref _errors);
        var detail = $"topic '{topic}': {reason}";
        RecordError(reason, _owner.Definition.LogErrors ? $" (message: {Preview(payload)})" : "");
        return IngestResult.Error(code, detail);
    }

    private void RecordError(string reason, string suffix)
    {
        lock (_errorGate)
        {
            _lastError = reason;
            _lastErrorTicks = _node.Time.GetUtcNow().UtcDateTime.Ticks;
        }
        _node.Log.Error($"Message client {_owner.Id:D4}: topic '{Topic.Name}': {reason}{suffix}");
    }

    private static string Preview(ReadOnlySequence<byte> payload)
    {
        var length = (int)Math.Min(payload.Length, 200);
        var text = Encoding.UTF8.GetString(payload.Slice(0, length));
        return payload.Length > length ? text + "..." : text;
    }

    public TopicStatus Status()
    {
        string lastError;
        long lastErrorTicks;
        lock (_errorGate)
        {
            lastError = _lastError;
            lastErrorTicks = _lastErrorTicks;
        }
        var lastMessage = Volatile.Read(ref _lastMessageTicks);
        var columns = Mapping.Columns
            .Select(c => new TopicColumnInfo(c.Name, c.TypeName, c.Value.Describe(), c.Optional))
            .ToList();
        return new TopicStatus(Topic.Name, Topic.Qos, Mapping.Dbms.Describe(), Mapping.Table.Describe(), Topic.Policy ?? "", columns,
            Interlocked.Read(ref _messages), Interlocked.Read(ref _success), Interlocked.Read(ref _errors),
            lastMessage == 0 ? null : new DateTime(lastMessage, DateTimeKind.Utc),
            lastErrorTicks == 0 ? null : new DateTime(lastErrorTicks, DateTimeKind.Utc), lastError);
    }

    public void Close() => _archive?.Dispose();
}
