using System.Runtime.InteropServices;

namespace EdgeNode.Core.Commands;

/// <summary>
/// Shares the text of words that command lines repeat (command words, where keys, small values, hosts) instead of
/// allocating a new string for each line. Looked up by span, so a hit allocates nothing.
/// <para>
/// A fixed table of <see cref="Slots"/> strings in sets of two, found by the word's hash: a new word takes the first
/// place of its set and moves the word there to the second, dropping the older one. So the memory is bounded (lines also
/// carry user data: ids, times), and words a node keeps using stay or come back after user data passed through, where
/// a table that stops adding when full would keep whatever came first for the life of the node. Only words up to
/// <see cref="MaxWordLength"/> characters are kept. The hash is seeded per process, so text is not easily crafted to
/// evict a given word (which would only cost allocations). Lock-free; threads writing one set at once may drop a word,
/// never return a wrong one (a kept string is compared with the word before it is returned).
/// </para>
/// </summary>
internal sealed class WordCache
{
    /// <summary>The process-wide cache the tokenizer uses: 4096 words of up to 40 characters (~0.5 MB when full).</summary>
    public static WordCache Shared { get; } = new(4096, 40);

    private readonly string?[] _slots;
    private readonly int _setMask;

    /// <param name="slots">Table size, rounded up to a power of two (at least one set of two).</param>
    public WordCache(int slots, int maxWordLength)
    {
        _slots = new string?[Math.Max(2, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)slots))];
        _setMask = _slots.Length / 2 - 1;
        MaxWordLength = maxWordLength;
    }

    public int Slots => _slots.Length;
    public int MaxWordLength { get; }

    /// <summary>Number of words kept (counted, for tests and diagnostics).</summary>
    public int Count => _slots.Count(word => word is not null);

    private static readonly ulong Seed = (ulong)Random.Shared.NextInt64();

    /// <summary>
    /// A hash in constant time: the length and the first and last four characters, mixed with a per-process seed. Words
    /// that differ only in the middle share a set, which costs an allocation, never a wrong word.
    /// </summary>
    private static int Hash(ReadOnlySpan<char> word)
    {
        ulong head = 0, tail = 0;
        if (word.Length >= 4)
        {
            head = MemoryMarshal.Read<ulong>(MemoryMarshal.AsBytes(word[..4]));
            tail = MemoryMarshal.Read<ulong>(MemoryMarshal.AsBytes(word[^4..]));
        }
        else
        {
            foreach (var c in word) head = head << 16 | c;
        }
        var mixed = ((head ^ Seed) * 0x9E3779B97F4A7C15UL ^ tail ^ (ulong)word.Length) * 0xC2B2AE3D27D4EB4FUL;
        return (int)(mixed >> 32);
    }

    /// <summary>The shared string equal to <paramref name="word"/>, or a new one (kept for next time when short enough).</summary>
    public string Get(ReadOnlySpan<char> word)
    {
        if (word.Length > MaxWordLength) return word.ToString();
        var first = (Hash(word) & _setMask) * 2;
        var kept = _slots[first];
        if (kept is not null && word.SequenceEqual(kept)) return kept;
        var older = _slots[first + 1];
        if (older is not null && word.SequenceEqual(older)) return older;
        var text = word.ToString();
        _slots[first + 1] = kept;
        _slots[first] = text;
        return text;
    }
}
