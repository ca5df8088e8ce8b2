using System.Text.RegularExpressions;

namespace EdgeNode.Core.Security;

/// <summary>
/// Keeps secrets out of what the node prints and logs: the values of where-clause options and dictionary keys named like
/// secrets (<c>password</c>, <c>token</c>, <c>secret</c>, ...), the where clause of user commands (<c>id ...</c>), and
/// <c>Authorization</c> header values are replaced by <see cref="Mask"/>.
/// </summary>
public static partial class Secrets
{
    public const string Mask = "******";

    private static readonly string[] SecretWords = ["password", "passwd", "pwd", "secret", "token", "private_key", "api_key", "authorization"];

    /// <summary>True for a key whose value is a secret (<c>password</c>, <c>smtp_password</c>, <c>api_token</c>, ...).</summary>
    public static bool IsSecretName(string key)
    {
        foreach (var word in SecretWords)
            if (key.Contains(word, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    /// <summary>The text with every secret value masked; the same string when it holds none (the common case costs a scan).</summary>
    public static string Redact(string text)
    {
        if (!MayHoldSecret(text)) return text;
        text = UserCommand().Replace(text, m => m.Groups[1].Value + Mask);
        text = SecretOption().Replace(text, m => m.Groups[1].Value + Mask);
        return AuthorizationHeader().Replace(text, m => m.Groups[1].Value + Mask);
    }

    private static bool MayHoldSecret(string text)
    {
        foreach (var word in SecretWords)
            if (text.Contains(word, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    // "password = x", "smtp_password = "a b"", "token=abc": the key stays, the value goes (quoted values whole)
    [GeneratedRegex("""(\b\w*(?:password|passwd|pwd|secret|token|private_key|api_key)\w*\s*=\s*)(?:"[^"]*"|'[^']*'|[^\s&)\]]+)""",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretOption();

    // "id add user where name = a and password = b", "id update user password where ...": the whole where clause
    [GeneratedRegex(@"(\bid\s+(?:add|remove|update|create)\s+(?:user|token)\b.*?\bwhere\s+).*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Multiline)]
    private static partial Regex UserCommand();

    [GeneratedRegex(@"(\bAuthorization\s*:\s*)\S.*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Multiline)]
    private static partial Regex AuthorizationHeader();
}
