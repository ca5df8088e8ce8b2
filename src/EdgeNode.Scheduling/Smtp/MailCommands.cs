using EdgeNode.Core;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Processes;
using MimeKit;

namespace EdgeNode.Scheduling.Smtp;

/// <summary><c>run smtp client</c>, <c>email to</c>, <c>sms to</c> (SPEC §10; EdgeLake's <c>generic/utils_output.py</c>).</summary>
internal static class MailCommands
{
    public const string DefaultSubject = "AnyLog Alert";

    private static readonly OptionSchema EmailSchema = new(
        new OptionSpec("subject", OptionType.Str, "the subject") { Default = DefaultSubject },
        new OptionSpec("message", OptionType.Str, "a line of the text; repeat for more lines") { Repeatable = true });

    private static readonly OptionSchema SmsSchema = new(
        new OptionSpec("gateway", OptionType.Str, "the carrier's email-to-SMS domain, e.g. tmomail.net, vtext.com") { Required = true },
        new OptionSpec("subject", OptionType.Str, "the subject") { Default = DefaultSubject },
        new OptionSpec("message", OptionType.Str, "the text"));

    public static void Register(Node node)
    {
        node.AddCommand(new CommandSpec("run smtp client", "Start the SMTP client that sends 'email to' and 'sms to' messages.",
            context => Run(context))
        {
            Usage = "run smtp client where [host = [host]] and [port = [port]] and email = [address] and password = [password] [and ssl = true]",
            Explanation = "The client checks the server and the login at start. A message it cannot send is queued and retried with back-off " +
                          "(5 s doubling to 5 minutes, 10 attempts); the command that sent it reports the failure and returns.",
            Examples = ["run smtp client where email = alerts@example.com and password = secret",
                "run smtp client where host = 127.0.0.1 and port = 2525 and email = node@example.com",
                "run smtp client where host = smtp.example.com and port = 465 and email = node@example.com and password = !smtp_password and ssl = true"],
            Where = SmtpOptions.Schema,
            Topics = ["background processes", "alerts"],
        });
        node.AddCommand(new CommandSpec("email to", "Send an email through the SMTP client.", context => Email(context))
        {
            Usage = "email to [address] [where subject = [text] and message = [text] and message = [next line] ...]",
            Examples = ["email to ops@example.com", "email to ops@example.com where subject = \"disk full\" and message = \"node n1\" and message = \"free: 2%\""],
            Where = EmailSchema,
            Topics = ["alerts"],
        });
        node.AddCommand(new CommandSpec("sms to", "Send an SMS through the carrier's email-to-SMS gateway.", context => Sms(context))
        {
            Usage = "sms to [phone number] where gateway = [carrier domain] [and subject = [text] and message = [text]]",
            Examples = ["sms to 6505551234 where gateway = tmomail.net", "sms to 6505551234 where gateway = vtext.com and message = \"value above 10\""],
            Where = SmsSchema,
            Topics = ["alerts"],
        });
    }

    private static async ValueTask<CommandResult> Run(CommandContext context)
    {
        var options = SmtpOptions.From(context.BindWhere());
        return await context.Node.Processes.StartAsync(new SmtpClientProcess(context.Node, options), context.Cancellation);
    }

    private static string? Recipient(CommandContext context)
    {
        var positional = context.Positional;
        return positional.Count == 1 ? positional[0].Text : null;
    }

    private static async ValueTask<CommandResult> Email(CommandContext context)
    {
        if (Recipient(context) is not { } to) return CommandResult.Error(ErrorCode.CommandStructure, "expected 'email to [address] [where ...]'");
        var options = context.BindWhere();
        var lines = options.Strings("message");
        var body = lines.Count == 0
            ? $"AnyLog Network Alert from Node: {context.Node.Name}\n"
            : string.Concat(lines.Select(line => line + "\n"));
        return await SendAsync(context, to, options.Str("subject", DefaultSubject), body);
    }

    private static async ValueTask<CommandResult> Sms(CommandContext context)
    {
        if (Recipient(context) is not { } number) return CommandResult.Error(ErrorCode.CommandStructure, "expected 'sms to [number] where gateway = [domain]'");
        var options = context.BindWhere();
        var message = options.Str("message") ?? $"AnyLog Network Alert from Node: '{context.Node.Name}'";
        return await SendAsync(context, $"{number}@{options.Required("gateway")}", options.Str("subject", DefaultSubject), message + "\n");
    }

    /// <summary>Queues the message and waits for its first attempt (bounded by the client's timeouts), reporting a failure.</summary>
    private static async Task<CommandResult> SendAsync(CommandContext context, string to, string subject, string body)
    {
        if (context.Node.Processes.Get<SmtpClientProcess>(ProcessNames.Smtp) is not { State: ProcessState.Running } client)
            return CommandResult.Error(ErrorCode.ProcessNotRunning, "SMTP client is not running: 'run smtp client where ...' first");
        MimeMessage message;
        try
        {
            message = client.NewMessage(to, subject, body);
        }
        catch (ParseException e)
        {
            return CommandResult.Error(ErrorCode.WrongOptionType, $"'{to}' is not an email address: {e.Message}");
        }
        var mail = new OutgoingMail(message, to);
        if (!client.TryEnqueue(mail))
            return CommandResult.Error(ErrorCode.ServerBusy, $"the SMTP client's queue is full ({RetryPolicy.MaxQueued} messages); message to {to} not sent");
        var wait = SmtpClientProcess.NetworkTimeout * 3;
        var first = mail.FirstAttempt.Task;
        if (await Task.WhenAny(first, Task.Delay(wait, context.Cancellation)) != first)
            return CommandResult.Error(ErrorCode.Timeout, $"message to {to} is queued: the mail server did not answer within {wait.TotalSeconds:0} seconds");
        return await first is { } error
            ? CommandResult.Error(ErrorCode.ProcessFailure, $"message to {to} not sent: {error}")
            : CommandResult.Empty;
    }
}
