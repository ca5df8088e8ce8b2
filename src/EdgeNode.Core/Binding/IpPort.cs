using System.Globalization;

namespace EdgeNode.Core.Binding;

/// <summary>A <c>host:port</c> endpoint as written in commands and policies.</summary>
public readonly record struct IpPort(string Host, int Port)
{
    public static bool TryParse(string text, out IpPort value)
    {
        value = default;
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1) return false;
        if (!int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
            return false;
        var host = text[0] == '[' ? text[1..colon].TrimEnd(']') : Commands.WordCache.Shared.Get(text.AsSpan(0, colon)); // hosts repeat
        if (host.Length == 0 || host.Contains(' ', StringComparison.Ordinal)) return false;
        value = new IpPort(host, port);
        return true;
    }

    public override string ToString() => $"{Host}:{Port}";
}
