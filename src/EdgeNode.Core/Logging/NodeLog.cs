using Microsoft.Extensions.Logging;

namespace EdgeNode.Core;

/// <summary>
/// The node's logs: bounded in-memory rings for <c>get error log</c>, <c>get event log</c>, <c>get query log</c> and
/// <c>get echo queue</c>, each entry also written to Microsoft.Extensions.Logging (console or file, as configured).
/// Entries are cut to <see cref="Limits.Excerpt.LogEntryChars"/>: a message that repeats a huge input stays small; secrets
/// (<c>password = ...</c>, <c>Authorization: ...</c>) are masked (<see cref="Security.Secrets"/>).
/// </summary>
public sealed class NodeLog(ILogger logger, TimeProvider time)
{
    public const int Capacity = 1000;

    public BoundedLog Errors { get; } = new(Capacity);
    public BoundedLog Events { get; } = new(Capacity);
    public BoundedLog Queries { get; } = new(Capacity);
    public BoundedLog Echo { get; } = new(Capacity);

    public void Error(string message)
    {
        message = Security.Secrets.Redact(Limits.Excerpt.Of(message, Limits.Excerpt.LogEntryChars));
        Errors.Add(message, time.GetUtcNow().UtcDateTime);
        logger.LogWarning("{Message}", message);
    }

    public void Event(string message)
    {
        message = Security.Secrets.Redact(Limits.Excerpt.Of(message, Limits.Excerpt.LogEntryChars));
        Events.Add(message, time.GetUtcNow().UtcDateTime);
        logger.LogInformation("{Message}", message);
    }

    public void Query(string message)
    {
        message = Security.Secrets.Redact(Limits.Excerpt.Of(message, Limits.Excerpt.LogEntryChars));
        Queries.Add(message, time.GetUtcNow().UtcDateTime);
        logger.LogInformation("{Message}", message);
    }

    public void EchoMessage(string message) =>
        Echo.Add(Security.Secrets.Redact(Limits.Excerpt.Of(message, Limits.Excerpt.LogEntryChars)), time.GetUtcNow().UtcDateTime);

    public static NodeLog Silent() => new(Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, TimeProvider.System);
}
