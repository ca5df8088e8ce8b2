using System.Net;
using EdgeNode.Core;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;

namespace EdgeNode.Network.Rest;

/// <summary>
/// The configuration of <c>run rest server</c>, bound once from the command: the positional form
/// <c>run rest server [ip] [port] [internal ip] [internal port]</c> or the where form (SPEC §4), with EdgeLake's defaults
/// (5 threads, 20 seconds, no TLS, bind = false listens on all interfaces) and EdgeNode's request limits.
/// </summary>
internal sealed record RestServerOptions
{
    public const int MaxThreads = 256;

    public static readonly OptionSchema Schema = new([
        .. ListenerAddress.Options,
        new OptionSpec("threads", OptionType.Int, "calls executed concurrently") { Default = "5" },
        new OptionSpec("timeout", OptionType.Time, "seconds before a call answers a timeout error (0 = no limit)") { Default = "20" },
        new OptionSpec("ssl", OptionType.Bool, "HTTPS with the certificates of !pem_dir") { Default = "false" },
        new OptionSpec("server_org", OptionType.Str, "organization of the server certificate (server-<org>-public-key.crt)"),
        new OptionSpec("ca_org", OptionType.Str, "organization of the CA that signs client certificates (ca-<org>-public-key.crt)"),
        new OptionSpec("client_cert", OptionType.Str, "with ca_org: 'required' (default) or 'optional' (EdgeLake's CERT_OPTIONAL)")
        {
            Default = "required",
        },
        new OptionSpec("max_body_size", OptionType.Storage, "largest request body accepted (413 beyond)") { Default = "100MB" },
        new OptionSpec("max_command_size", OptionType.Storage, "largest body of a POST that holds commands (413, error 60, beyond)")
        {
            Default = "1MB",
        },
        new OptionSpec("max_header_size", OptionType.Storage, "largest request line plus headers accepted (431 beyond)")
        {
            Default = "64KB",
        },
        new OptionSpec("idle_timeout", OptionType.Time, "a connection that sends no request (or no complete headers) for this long is closed")
        {
            Default = "10 seconds",
        },
        new OptionSpec("max_connections", OptionType.Int, "connections open at once; more wait in the listen queue") { Default = "1024" },
        new OptionSpec("max_connections_per_ip", OptionType.Int, "connections one client address may hold open; more are closed at once")
        {
            Default = "256",
        },
        new OptionSpec("streaming_log", OptionType.Bool, "write each data call (PUT, POST 'command: data') and its result to the event log")
        {
            Default = "false",
        },
    ]);

    public required string ExternalIp { get; init; }
    public required int ExternalPort { get; init; }
    public required string InternalIp { get; init; }
    public required int InternalPort { get; init; }
    public required bool Bind { get; init; }
    public required int Threads { get; init; }

    /// <summary>Seconds a call may take before it answers a timeout error; 0 = no limit.</summary>
    public required long TimeoutSeconds { get; init; }

    public required bool Ssl { get; init; }
    public string? ServerOrg { get; init; }
    public string? CaOrg { get; init; }
    public bool ClientCertificateRequired { get; init; } = true;
    public required long MaxBodySize { get; init; }
    public required long MaxCommandSize { get; init; }
    public required TimeSpan IdleTimeout { get; init; }
    public required int MaxConnections { get; init; }
    public required int MaxConnectionsPerIp { get; init; }
    public required int MaxHeaderSize { get; init; }

    /// <summary>EdgeLake's <c>streaming_log</c>: each data call (PUT, POST <c>command: data</c>) goes to the event log.</summary>
    public bool StreamingLog { get; init; }

    public string Scheme => Ssl ? "https" : "http";
    public ListenerAddress Address => new(ExternalIp, ExternalPort, InternalIp, InternalPort, Bind);
    public string ExternalAddress => Address.ExternalAddress;
    public string InternalAddress => Address.InternalAddress;
    public string BindAddress => Address.BindAddress;
    public IPAddress ListenAddress => Address.ListenAddress;
    public TimeSpan Timeout => TimeoutSeconds == 0 ? System.Threading.Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(TimeoutSeconds);

    /// <summary>Binds the command's positional words and where clause; a bad value throws <see cref="CommandSyntaxException"/>.</summary>
    public static RestServerOptions From(CommandContext context)
    {
        var where = context.BindWhere(Schema);
        var address = ListenerAddress.From(context.Node, context.Positional, where,
            "run rest server [ip] [port] [internal ip] [internal port]' or 'run rest server where external_ip = .. and external_port = ..");
        var options = new RestServerOptions
        {
            ExternalIp = address.ExternalIp,
            ExternalPort = address.ExternalPort,
            InternalIp = address.InternalIp,
            InternalPort = address.InternalPort,
            Bind = address.Bind,
            Threads = (int)Math.Clamp(where.Int("threads"), 0, int.MaxValue),
            TimeoutSeconds = where.Int("timeout"),
            Ssl = where.Bool("ssl"),
            ServerOrg = where.Str("server_org"),
            CaOrg = where.Str("ca_org"),
            ClientCertificateRequired = ClientCertificate(where.Str("client_cert", "required")),
            MaxBodySize = where.Int("max_body_size"),
            MaxCommandSize = where.Int("max_command_size"),
            IdleTimeout = TimeSpan.FromSeconds(Math.Clamp(where.Int("idle_timeout"), 1, Core.Limits.InputLimits.TimeoutSeconds)),
            MaxConnections = (int)Math.Clamp(where.Int("max_connections"), 1, 1_000_000),
            MaxConnectionsPerIp = (int)Math.Clamp(where.Int("max_connections_per_ip"), 1, 1_000_000),
            MaxHeaderSize = (int)Math.Min(where.Int("max_header_size"), int.MaxValue),
            StreamingLog = where.Bool("streaming_log"),
        };
        options.Validate();
        return options;
    }

    private void Validate()
    {
        if (Threads is < 1 or > MaxThreads)
            throw new CommandSyntaxException($"threads = {Threads}: expected 1 to {MaxThreads}", 0, ErrorCode.WrongOptionType);
        if (TimeoutSeconds is < 0 or > Core.Limits.InputLimits.TimeoutSeconds)
            throw new CommandSyntaxException($"timeout must be 0 (no limit) or a number of seconds up to {Core.Limits.InputLimits.TimeoutSeconds:N0}", 0,
                ErrorCode.WrongOptionType);
        if (Ssl && string.IsNullOrWhiteSpace(ServerOrg))
            throw new CommandSyntaxException(
                "ssl = true needs server_org: the server certificate is !pem_dir/server-<server_org>-public-key.crt", 0,
                ErrorCode.MissingOption);
        if (MaxBodySize < 1024 || MaxHeaderSize < 1024 || MaxCommandSize < 1024)
            throw new CommandSyntaxException("max_body_size, max_command_size and max_header_size must be at least 1KB", 0, ErrorCode.WrongOptionType);
    }

    private static bool ClientCertificate(string mode) => mode.ToLowerInvariant() switch
    {
        "required" => true,
        "optional" => false,
        _ => throw new CommandSyntaxException($"client_cert = {mode}: expected 'required' or 'optional'", 0, ErrorCode.WrongOptionType),
    };
}
