namespace EdgeNode.Network.Tcp.Server;

/// <summary>What an incoming message asks for, from its leading command words.</summary>
internal enum MessageVerb : byte
{
    /// <summary>Any other command: executed through the dispatcher, its output sent back.</summary>
    Command,
    /// <summary><c>print</c>: a command's output for a waiting job.</summary>
    Print,
    /// <summary><c>echo</c>: a message or error text for a waiting job.</summary>
    Echo,
    /// <summary><c>job reply</c>: query rows as segments.</summary>
    JobReply,
    /// <summary><c>file write &lt;name&gt;</c>: a file transfer.</summary>
    FileWrite,
    /// <summary><c>file get &lt;path&gt; &lt;dest&gt;</c>: send a file of this node back to the requester.</summary>
    FileGet,
}

internal static class MessageVerbs
{
    /// <summary>The verb and the number of command words it takes.</summary>
    public static (MessageVerb Verb, int Words) Of(string command)
    {
        var span = command.AsSpan().TrimStart();
        if (StartsWithWord(span, "print")) return (MessageVerb.Print, 1);
        if (StartsWithWord(span, "echo")) return (MessageVerb.Echo, 1);
        if (StartsWithWords(span, "job", "reply")) return (MessageVerb.JobReply, 2);
        if (StartsWithWords(span, "file", "write")) return (MessageVerb.FileWrite, 2);
        if (StartsWithWords(span, "file", "get")) return (MessageVerb.FileGet, 2);
        return (MessageVerb.Command, 0);
    }

    /// <summary>The words of a command after the first <paramref name="skip"/> (words are separated by single spaces).</summary>
    public static string[] Arguments(string command, int skip) =>
        command.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(skip).ToArray();

    private static bool StartsWithWord(ReadOnlySpan<char> text, string word) =>
        text.StartsWith(word, StringComparison.OrdinalIgnoreCase) && (text.Length == word.Length || char.IsWhiteSpace(text[word.Length]));

    private static bool StartsWithWords(ReadOnlySpan<char> text, string first, string second)
    {
        if (!StartsWithWord(text, first)) return false;
        return StartsWithWord(text[first.Length..].TrimStart(), second);
    }
}
