using MimeKit;

namespace EdgeNode.Scheduling.Smtp;

/// <summary>
/// A message waiting in the SMTP client's queue: the MIME message, how often it was tried, when it is tried next, and the
/// outcome of its first attempt, which the <c>email to</c> / <c>sms to</c> command waits for (briefly).
/// </summary>
internal sealed class OutgoingMail(MimeMessage message, string recipient)
{
    public MimeMessage Message { get; } = message;
    public string Recipient { get; } = recipient;
    public int Attempts { get; set; }
    public DateTime NextAttempt { get; set; }
    public string? LastError { get; set; }

    /// <summary>Completed after the first attempt: null when sent, else the error (the message is then queued for retry or dropped).</summary>
    public TaskCompletionSource<string?> FirstAttempt { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
