namespace EdgeNode.Network.Rest;

/// <summary>
/// Who is calling, from <c>AnyLog-Agent</c> (what browsers send, since they cannot set <c>User-Agent</c>) or
/// <c>User-Agent</c>: <c>product/version</c>. <c>curl/*</c> is treated as AnyLog (SPEC §4); a missing agent is "unknown".
/// </summary>
internal readonly record struct RestClientAgent(string Product, string Version)
{
    public const string AnyLog = "anylog";
    public const string Grafana = "grafana";

    public static RestClientAgent Parse(string? header)
    {
        var text = header?.Trim();
        if (string.IsNullOrEmpty(text)) return new RestClientAgent("unknown", "");
        var token = text.Split(' ', 2)[0];
        var slash = token.IndexOf('/');
        var product = (slash < 0 ? token : token[..slash]).ToLowerInvariant();
        var version = slash < 0 ? "" : token[(slash + 1)..];
        return new RestClientAgent(product == "curl" ? AnyLog : product, version);
    }
}
