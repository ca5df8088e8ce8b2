namespace EdgeNode.Network.Rest;

/// <summary>
/// A command call over HTTP: the lines a POST body runs first (<see cref="Prelude"/>), the commands whose output is the
/// reply, and the AnyLog headers that shape how they run (<c>destination</c>, <c>subset</c>, <c>timeout</c>,
/// <c>assignment</c>, <c>into</c>).
/// </summary>
internal sealed record RestCommandCall
{
    public required string Method { get; init; }
    public IReadOnlyList<string> Prelude { get; init; } = [];
    public required IReadOnlyList<string> Commands { get; init; }

    /// <summary><c>network</c>, <c>ip:port, ip:port</c> or a <c>blockchain get ... bring.ip_port</c> command; null = this node.</summary>
    public string? Destination { get; init; }

    public bool Subset { get; init; }

    /// <summary>The <c>timeout</c> header in seconds (0 = no limit); null = the server's timeout.</summary>
    public long? TimeoutSeconds { get; init; }

    /// <summary>The <c>assignment</c> header: store the reply in this variable of the node instead of returning it.</summary>
    public string? Assignment { get; init; }

    public bool IntoHtml { get; init; }

    public bool IsGet => Method is "GET" or "HEAD";

    /// <summary>
    /// The line the dispatcher runs for <paramref name="command"/>: with a destination, <c>run client (dest[, subset = true]
    /// [, timeout = N]) command</c> (<c>network</c> is <c>()</c>: the query node finds the operators); with an assignment,
    /// <c>var = ...</c>.
    /// </summary>
    public string LineFor(string command, long networkTimeoutSeconds)
    {
        var line = command;
        if (Destination is not null)
        {
            var parts = new List<string>(3);
            var destination = Destination.Trim();
            if (destination.Length > 1 && destination[0] == '(' && destination[^1] == ')') destination = destination[1..^1].Trim();
            if (!destination.Equals("network", StringComparison.OrdinalIgnoreCase) && destination.Length > 0) parts.Add(destination);
            if (Subset) parts.Add("subset = true");
            if (networkTimeoutSeconds > 0) parts.Add($"timeout = {networkTimeoutSeconds}");
            line = $"run client ({string.Join(", ", parts)}) {command}";
        }
        return Assignment is null ? line : $"{Assignment} = {line}";
    }
}
