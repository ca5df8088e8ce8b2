namespace EdgeNode.Core.Ingest;

/// <summary>
/// What <c>run msg client</c> declares for ingest: the broker key (<c>host:port</c>, <c>local</c> or <c>rest</c>), the REST
/// product it accepts (<c>user-agent</c>), logging flags and the topic blocks. <see cref="Log"/> records every message in
/// the event log, <see cref="LogErrors"/> adds the payload of failed messages to the error log, and
/// <see cref="OnlyLog"/> logs without ingesting (to look at what a broker sends).
/// </summary>
public sealed record MessageSubscription(
    string Broker,
    string? UserAgent,
    IReadOnlyList<MessageTopic> Topics,
    bool Log = false,
    bool LogErrors = false,
    bool OnlyLog = false);
