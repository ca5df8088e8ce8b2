namespace EdgeNode.Scheduling.Smtp;

/// <summary>
/// How the SMTP client retries a message it could not send: 5 s after the first failure, doubling up to 5 minutes, at most
/// <see cref="MaxAttempts"/> attempts in all (about an hour and a quarter); then the message is dropped with an error log entry.
/// </summary>
internal static class RetryPolicy
{
    public const int MaxAttempts = 10;
    public const int MaxQueued = 1000;
    public static readonly TimeSpan First = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan Longest = TimeSpan.FromMinutes(5);

    /// <summary>The wait after attempt number <paramref name="attempts"/> (1 = after the first failure).</summary>
    public static TimeSpan After(int attempts)
    {
        var delay = First * Math.Pow(2, Math.Min(attempts - 1, 16));
        return delay < Longest ? delay : Longest;
    }
}
