using System.Collections.Concurrent;
using System.Globalization;
using EdgeNode.Core.Output;

namespace EdgeNode.Network.Mqtt;

/// <summary>
/// Counters of the message broker: per MQTT event (<c>get local broker</c>: successes, errors, last times, last error) and
/// per topic and publishing client (<c>get msg broker</c>: messages, success = accepted and, when mapped, journaled;
/// failure = could not be mapped or stored). The topic/client table is bounded: past <see cref="MaxTopicClients"/>
/// pairs, new ones are counted under <c>(other)</c>.
/// </summary>
internal sealed class BrokerStatistics(TimeProvider time)
{
    public const int MaxTopicClients = 1024;

    public const string Connect = "CONNECT";
    public const string Publish = "PUBLISH";
    public const string Subscribe = "SUBSCRIBE";
    public const string Unsubscribe = "UNSUBSCRIBE";
    public const string Disconnect = "DISCONNECT";
    public const string NotMapped = "Not mapped (no local subscription)";

    private readonly ConcurrentDictionary<string, EventCounter> _events = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Topic, string Client), TopicCounter> _topics = new();

    public void Success(string @event) => Counter(@event).Success(Now());

    public void Error(string @event, string code, string details) => Counter(@event).Error(Now(), code, details);

    public TopicCounter Topic(string topic, string client)
    {
        if (_topics.TryGetValue((topic, client), out var counter)) return counter;
        return _topics.Count < MaxTopicClients ? _topics.GetOrAdd((topic, client), _ => new TopicCounter()) : _topics.GetOrAdd(("(other)", "(other)"), _ => new TopicCounter());
    }

    private EventCounter Counter(string @event) => _events.GetOrAdd(@event, _ => new EventCounter());

    private DateTime Now() => time.GetUtcNow().UtcDateTime;

    /// <summary><c>get local broker</c>.</summary>
    public string FormatEvents(string address) =>
        TableFormatter.Format(["Protocol", "IP", "Event", "Success", "Last message time", "Error", "Last error time", "Error Code", "Details"],
            _events.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e =>
            {
                var c = e.Value;
                lock (c)
                    return (IReadOnlyList<object?>)["MQTT", address, e.Key, Interlocked.Read(ref c.Successes), Time(c.LastSuccess), c.Errors,
                        Time(c.LastError), c.ErrorCode, c.Details];
            }), "Message Broker Stat");

    /// <summary><c>get msg broker</c>.</summary>
    public string FormatTopics(string address) =>
        TableFormatter.Format(["Broker", "Topic", "Client ID", "Messages", "Success", "Failure"],
            _topics.OrderBy(t => t.Key.Topic, StringComparer.Ordinal).ThenBy(t => t.Key.Client, StringComparer.Ordinal)
                .Select(t => (IReadOnlyList<object?>)[address, t.Key.Topic, t.Key.Client, t.Value.Messages, t.Value.Succeeded, t.Value.Failed]));

    private static string Time(DateTime? utc) =>
        utc is { } t ? t.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "";

    private sealed class EventCounter
    {
        public long Successes;
        public long Errors;
        private long _lastSuccessTicks;
        public DateTime? LastError;
        public string ErrorCode = "";
        public string Details = "";

        public DateTime? LastSuccess => Volatile.Read(ref _lastSuccessTicks) is var ticks and > 0 ? new DateTime(ticks, DateTimeKind.Utc) : null;

        // lock-free: every PUBLISH passes here
        public void Success(DateTime now)
        {
            Interlocked.Increment(ref Successes);
            Volatile.Write(ref _lastSuccessTicks, now.Ticks);
        }

        public void Error(DateTime now, string code, string details)
        {
            lock (this)
            {
                Errors++;
                LastError = now;
                ErrorCode = code;
                Details = details;
            }
        }
    }

    /// <summary>The messages one client published on one topic.</summary>
    public sealed class TopicCounter
    {
        private long _messages;
        private long _succeeded;
        private long _failed;

        public long Messages => Interlocked.Read(ref _messages);
        public long Succeeded => Interlocked.Read(ref _succeeded);
        public long Failed => Interlocked.Read(ref _failed);

        public void Received() => Interlocked.Increment(ref _messages);

        public void Done(bool success)
        {
            if (success) Interlocked.Increment(ref _succeeded);
            else Interlocked.Increment(ref _failed);
        }
    }
}
