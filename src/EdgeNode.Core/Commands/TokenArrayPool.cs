namespace EdgeNode.Core.Commands;

/// <summary>
/// Exact-length token arrays the dispatcher reuses from one command line to the next, so that a line costs no token
/// storage. Exact length because handlers read <see cref="CommandContext.Tokens"/><c>.Length</c> as the token count.
/// <para>
/// Lifetime rule: only <see cref="CommandDispatcher"/> returns arrays, and only an array it tokenized itself, once the
/// command's handler has completed with a successful result that has no <see cref="CommandResult.Writer"/> (a writer runs
/// after the dispatcher returned and may still read the context). Anything that keeps tokens past its handler must copy
/// them (a slice <c>tokens[a..b]</c>, <c>ToArray()</c>, or the token texts): <c>then</c>/<c>do</c>/<c>else</c> and
/// assignments already run copies.
/// </para>
/// Bounded: a few arrays per length up to <see cref="MaxPooledLength"/> tokens (about 140 KB when every slot is full);
/// a longer line, or a length whose arrays are all in use, gets a new array as before. Safe from any thread.
/// </summary>
internal static class TokenArrayPool
{
    public const int MaxPooledLength = 64;

    /// <summary>Arrays kept per length: as many commands of one length as usually run at the same moment.</summary>
    private const int SlotsPerLength = 4;

    private static readonly Token[]?[] Slots = new Token[]?[(MaxPooledLength + 1) * SlotsPerLength];

    /// <summary>An array of exactly <paramref name="length"/> tokens; its content is undefined (cleared when pooled).</summary>
    public static Token[] Rent(int length)
    {
        if (length == 0) return [];
        return (length <= MaxPooledLength ? PoolSlots.Take(Slots, length * SlotsPerLength, SlotsPerLength) : null)
            ?? new Token[length];
    }

    /// <summary>Gives <paramref name="tokens"/> back; the caller must not read it afterwards.</summary>
    public static void Return(Token[] tokens)
    {
        if (tokens.Length is 0 or > MaxPooledLength) return;
        // the finished command's words must not stay reachable, and a reader that broke the rule reads nulls, not
        // another command's words, until the array is rented again
        Array.Clear(tokens);
        PoolSlots.Put(Slots, tokens.Length * SlotsPerLength, SlotsPerLength, tokens);
    }
}
