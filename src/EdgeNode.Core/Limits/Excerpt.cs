using System.Globalization;

namespace EdgeNode.Core.Limits;

/// <summary>
/// Text a reply or a log line repeats from its input (a command, a value), cut to a bounded length: a 100 MB command
/// must not come back as a 100 MB error, nor fill the log.
/// </summary>
public static class Excerpt
{
    /// <summary>Characters of a command or value repeated in an error reply or a log line.</summary>
    public const int EchoedChars = 1024;

    /// <summary>Characters of one log entry (a stack trace fits; a repeated payload does not).</summary>
    public const int LogEntryChars = 16 * 1024;

    /// <summary><paramref name="text"/> when it is short enough, else its start and how much was left out.</summary>
    public static string Of(string text, int maxChars = EchoedChars) =>
        text.Length <= maxChars
            ? text
            : string.Concat(text.AsSpan(0, maxChars), string.Create(CultureInfo.InvariantCulture, $"... ({text.Length - maxChars:N0} more characters)"));
}
