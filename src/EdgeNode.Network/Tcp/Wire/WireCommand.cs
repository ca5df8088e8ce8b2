using System.Text;
using System.Text.RegularExpressions;
using EdgeNode.Core.Commands;

namespace EdgeNode.Network.Tcp.Wire;

/// <summary>
/// The command text peers exchange: words separated by spaces; a word that holds spaces (SQL, a file name) carries TABs
/// instead (SPEC §3.1); <c>!!name</c> is sent as <c>!name</c> so the receiver resolves it.
/// </summary>
internal static partial class WireCommand
{
    /// <summary>Rebuilds command tokens for the wire: quoted words lose their quotes and carry TABs for spaces.</summary>
    public static string Encode(IEnumerable<Token> tokens)
    {
        var builder = new StringBuilder();
        foreach (var token in tokens)
        {
            if (builder.Length > 0) builder.Append(' ');
            var text = token.Kind == TokenKind.Quoted
                ? token.Text.Length == 0 ? "\"\"" : token.Text.Replace(' ', '\t')
                : token.Text;
            builder.Append(ForReceiver(text));
        }
        return builder.ToString();
    }

    /// <summary>Turns <c>!!name</c> into <c>!name</c>: the reference the receiving node resolves.</summary>
    public static string ForReceiver(string text) => text.Contains("!!", StringComparison.Ordinal) ? RemoteReference().Replace(text, "!") : text;

    /// <summary>Turns a received command into a command line: a word with TABs becomes one double-quoted word with spaces.</summary>
    public static string ToCommandLine(string wire)
    {
        if (!wire.Contains('\t', StringComparison.Ordinal)) return wire;
        var words = wire.Split(' ');
        for (var i = 0; i < words.Length; i++)
            if (words[i].Contains('\t', StringComparison.Ordinal))
                words[i] = "\"" + words[i].Replace('\t', ' ').Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
        return string.Join(' ', words);
    }

    /// <summary>The text a word stands for on the wire (TABs back to spaces), e.g. a file name.</summary>
    public static string WordText(string word) => word.Replace('\t', ' ');

    /// <summary><c>!!name</c>: a reference for the receiving node.</summary>
    [GeneratedRegex(@"!!(?=[A-Za-z_])")]
    private static partial Regex RemoteReference();
}
