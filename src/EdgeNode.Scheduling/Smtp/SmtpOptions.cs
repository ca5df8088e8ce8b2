using EdgeNode.Core.Binding;

namespace EdgeNode.Scheduling.Smtp;

/// <summary>
/// <c>run smtp client where [host = ..] and [port = ..] and email = .. and password = .. [and ssl = true]</c>. Host defaults
/// to smtp.gmail.com as in EdgeLake; port to 465 with <c>ssl = true</c> (TLS from the first byte), else 587 (STARTTLS
/// when the server offers it).
/// </summary>
internal sealed record SmtpOptions(string Host, int Port, string Email, string? Password, bool Ssl)
{
    public const string DefaultHost = "smtp.gmail.com";

    public static readonly OptionSchema Schema = new(
        new OptionSpec("host", OptionType.Str, "the mail server") { Default = DefaultHost },
        new OptionSpec("port", OptionType.Int, "the mail server's port (default 465 with ssl, else 587)"),
        new OptionSpec("email", OptionType.Str, "the sender's address (also the login)") { Required = true },
        new OptionSpec("password", OptionType.Str, "the sender's password; the client logs in when the server offers AUTH"),
        new OptionSpec("ssl", OptionType.Bool, "TLS from the first byte (implicit TLS) instead of STARTTLS") { Default = "false" });

    public static SmtpOptions From(BoundOptions bound)
    {
        var ssl = bound.Bool("ssl");
        return new SmtpOptions(bound.Str("host", DefaultHost), (int)bound.Int("port", ssl ? 465 : 587), bound.Required("email"),
            bound.Str("password"), ssl);
    }
}
