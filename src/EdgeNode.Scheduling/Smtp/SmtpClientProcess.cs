using System.Threading.Channels;
using EdgeNode.Core;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Processes;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace EdgeNode.Scheduling.Smtp;

/// <summary>
/// <c>run smtp client</c> on MailKit: checks at start that the server answers and accepts the login (a wrong host or
/// password rejects the command), then sends queued messages. A message that cannot be sent (server down, timeout) stays
/// queued and is retried with back-off (<see cref="RetryPolicy"/>); a message the server refuses for good (a bad
/// recipient) is dropped with its reason. Every network step has a timeout, so no command hangs on a mail server.
/// </summary>
internal sealed class SmtpClientProcess(Node node, SmtpOptions options) : NodeProcess(node.Log)
{
    /// <summary>Timeout of one SMTP step (connect, login, send).</summary>
    public static readonly TimeSpan NetworkTimeout = TimeSpan.FromSeconds(10);

    private readonly Channel<OutgoingMail> _incoming = Channel.CreateBounded<OutgoingMail>(
        new BoundedChannelOptions(RetryPolicy.MaxQueued) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });
    private readonly List<OutgoingMail> _retries = [];
    private int _queued;
    private long _sent;
    private long _dropped;

    public override string Name => ProcessNames.Smtp;

    public SmtpOptions Options => options;

    /// <summary>Messages waiting for their first or a later attempt.</summary>
    public int Queued => Volatile.Read(ref _queued);

    public long Sent => Interlocked.Read(ref _sent);

    public long Dropped => Interlocked.Read(ref _dropped);

    protected override string DescribeConfiguration()
    {
        var text = $"Using '{options.Host}' with email: '{options.Email}'";
        return Queued > 0 ? $"{text}, {Queued} queued for retry" : text;
    }

    protected override async Task OnStartingAsync(CancellationToken cancellation)
    {
        using var client = NewClient();
        await ConnectAsync(client, cancellation);
        await client.DisconnectAsync(quit: true, cancellation);
    }

    /// <summary>Queues a message; false when the queue is full (the caller reports it).</summary>
    public bool TryEnqueue(OutgoingMail mail)
    {
        if (State != ProcessState.Running || !_incoming.Writer.TryWrite(mail)) return false;
        Interlocked.Increment(ref _queued);
        return true;
    }

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            var now = node.Time.GetUtcNow().UtcDateTime;
            var batch = _retries.Where(m => m.NextAttempt <= now).ToList();
            while (_incoming.Reader.TryRead(out var mail)) batch.Add(mail);
            if (batch.Count > 0)
            {
                foreach (var mail in batch) _retries.Remove(mail);
                await SendAsync(batch, stopping);
                continue;
            }
            var wait = _retries.Count == 0 ? Timeout.InfiniteTimeSpan : _retries.Min(m => m.NextAttempt) - now;
            using var timer = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            if (wait != Timeout.InfiniteTimeSpan) timer.CancelAfter(wait < TimeSpan.Zero ? TimeSpan.Zero : wait);
            try
            {
                await _incoming.Reader.WaitToReadAsync(timer.Token);
            }
            catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
            {
                // a retry is due
            }
        }
    }

    private async Task SendAsync(List<OutgoingMail> batch, CancellationToken stopping)
    {
        using var client = NewClient();
        try
        {
            await ConnectAsync(client, stopping);
        }
        catch (Exception e) when (e is not OperationCanceledException || !stopping.IsCancellationRequested)
        {
            foreach (var mail in batch) Failed(mail, $"cannot reach {options.Host}:{options.Port}: {e.Message}", retry: true);
            return;
        }
        for (var i = 0; i < batch.Count; i++)
        {
            var mail = batch[i];
            try
            {
                await client.SendAsync(mail.Message, stopping);
                Interlocked.Increment(ref _sent);
                Interlocked.Decrement(ref _queued);
                if (mail.Attempts > 0) Log.Event($"SMTP: message to {mail.Recipient} sent after {mail.Attempts + 1} attempts");
                mail.FirstAttempt.TrySetResult(null);
            }
            catch (SmtpCommandException e) when (e.ErrorCode is SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.SenderNotAccepted
                                                     || (int)e.StatusCode >= 500)
            {
                Failed(mail, $"{options.Host} refused the message: {e.Message}", retry: false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stopping.IsCancellationRequested)
            {
                Failed(mail, $"sending through {options.Host}:{options.Port} failed: {e.Message}", retry: true);
                if (client.IsConnected) continue;
                foreach (var rest in batch.Skip(i + 1)) Failed(rest, "the connection to the mail server was lost", retry: true);
                return;
            }
        }
        if (client.IsConnected)
        {
            try
            {
                await client.DisconnectAsync(quit: true, stopping);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // the messages are sent; a server that drops the connection on QUIT changes nothing
            }
        }
    }

    private void Failed(OutgoingMail mail, string error, bool retry)
    {
        mail.Attempts++;
        mail.LastError = error;
        if (retry && mail.Attempts < RetryPolicy.MaxAttempts)
        {
            var delay = RetryPolicy.After(mail.Attempts);
            mail.NextAttempt = node.Time.GetUtcNow().UtcDateTime + delay;
            _retries.Add(mail);
            mail.FirstAttempt.TrySetResult($"{error}; queued, next attempt in {delay.TotalSeconds:0} seconds");
            if (mail.Attempts > 1) Log.Error($"SMTP: message to {mail.Recipient} not sent (attempt {mail.Attempts}): {error}");
            return;
        }
        Interlocked.Decrement(ref _queued);
        Interlocked.Increment(ref _dropped);
        var reason = retry ? $"dropped after {mail.Attempts} attempts: {error}" : $"dropped: {error}";
        mail.FirstAttempt.TrySetResult(reason);
        Log.Error($"SMTP: message to {mail.Recipient} {reason}");
    }

    private SmtpClient NewClient() => new() { Timeout = (int)NetworkTimeout.TotalMilliseconds };

    private async Task ConnectAsync(SmtpClient client, CancellationToken cancellation)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(NetworkTimeout);
        try
        {
            await client.ConnectAsync(options.Host, options.Port,
                options.Ssl ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTlsWhenAvailable, deadline.Token);
            if (!string.IsNullOrEmpty(options.Password) && client.Capabilities.HasFlag(SmtpCapabilities.Authentication))
                await client.AuthenticateAsync(options.Email, options.Password, deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            throw new TimeoutException($"no answer from {options.Host}:{options.Port} within {NetworkTimeout.TotalSeconds:0} seconds");
        }
        catch (AuthenticationException e)
        {
            throw new CommandSyntaxException($"{options.Host} refused the login of '{options.Email}': {e.Message}", -1, ErrorCode.ProcessFailure);
        }
    }

    /// <summary>A message from the node's sender address.</summary>
    public MimeMessage NewMessage(string to, string subject, string body)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(options.Email));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = body };
        return message;
    }

    protected override Task OnStoppingAsync(CancellationToken cancellation)
    {
        var left = Queued;
        if (left > 0) Log.Error($"SMTP client stopped with {left} message(s) not sent");
        return Task.CompletedTask;
    }
}
