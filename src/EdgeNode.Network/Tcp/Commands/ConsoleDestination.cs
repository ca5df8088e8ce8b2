using System.Text.RegularExpressions;
using EdgeNode.Core.Network;

namespace EdgeNode.Network.Tcp.Commands;

/// <summary>
/// The sticky destination set by <c>run client (dest)</c> without a command: lines typed at the prompt become
/// <c>run client (dest) &lt;line&gt;</c>; a line starting with <c>.</c> runs here, and so does any <c>run client</c> line
/// (so <c>run client</c> alone can end it).
/// </summary>
internal sealed partial class ConsoleDestination : IConsoleDestination
{
    private volatile string? _current;

    public string? Current => _current;

    public void Set(string? destination) => _current = destination;

    public string Route(string line)
    {
        var trimmed = line.TrimStart();
        if (trimmed.StartsWith('.')) return trimmed[1..];
        var current = _current;
        if (current is null || trimmed.Length == 0 || trimmed[0] == '#' || RunClient().IsMatch(trimmed)) return line;
        return $"run client {current} {trimmed}";
    }

    [GeneratedRegex(@"^run\s+client(\s|$)", RegexOptions.IgnoreCase)]
    private static partial Regex RunClient();
}
