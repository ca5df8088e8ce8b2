namespace EdgeNode.Core.Ingest;

/// <summary>
/// Messages published on a topic and mapped to rows by a <c>run msg client</c> subscription (SPEC §8): the MQTT client, the
/// node's own broker and REST <c>POST</c> with <c>command: data</c> and a <c>topic</c> header all deliver through this.
/// Implemented by the module that owns <c>run msg client</c> and its mapping engine; registered with
/// <c>node.Services.Add&lt;ITopicIngest&gt;(...)</c>.
/// </summary>
public interface ITopicIngest
{
    /// <summary>
    /// Maps <paramref name="payload"/> (a JSON message, pooled memory valid only during the call) with the topic block of the
    /// subscription registered for (<paramref name="broker"/>, <paramref name="topic"/>) and appends the rows in streaming
    /// mode, journaled before the task completes. <paramref name="broker"/> is <c>"rest"</c> for REST calls, which also
    /// pass the caller's product (<c>User-Agent</c>/<c>AnyLog-Agent</c> before the '/', lowercased) as
    /// <paramref name="userAgent"/> for subscriptions declared with <c>user-agent = ...</c>.
    /// Returns <see cref="Commands.ErrorCode.NoClientMapping"/> when no subscription matches the topic.
    /// </summary>
    ValueTask<IngestResult> IngestMessageAsync(string broker, string topic, string? userAgent, ReadOnlyMemory<byte> payload,
        CancellationToken cancellation);
}
