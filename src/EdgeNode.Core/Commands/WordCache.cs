using System.Collections.Concurrent;

namespace EdgeNode.Core.Commands;

/// <summary>
/// Shares the text of words that command lines repeat (command words, where keys, small values, hosts) instead of
/// allocating a new string for each line. Looked up by span, so a hit allocates nothing. Bounded twice, because lines
/// also carry user data: only words up to <see cref="MaxWordLength"/> characters are kept, and once
/// <see cref="MaxWords"/> are kept no more are added (later words are allocated as before; threads adding at the same
/// moment may pass the bound by one word each). Lock-free reads; safe from any thread.
/// </summary>
internal sealed class WordCache
{
    /// <summary>The process-wide cache the tokenizer uses: at most 4096 words of up to 40 characters (~0.5 MB worst case).</summary>
    public static WordCache Shared { get; } = new(4096, 40);

    private readonly ConcurrentDictionary<string, string> _words = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _bySpan;
    private int _count;

    public WordCache(int maxWords, int maxWordLength)
    {
        MaxWords = maxWords;
        MaxWordLength = maxWordLength;
        _bySpan = _words.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int MaxWords { get; }
    public int MaxWordLength { get; }

    /// <summary>Number of words kept.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>The shared string equal to <paramref name="word"/>, or a new one when it is too long or the cache is full.</summary>
    public string Get(ReadOnlySpan<char> word)
    {
        if (word.Length > MaxWordLength) return word.ToString();
        if (_bySpan.TryGetValue(word, out var shared)) return shared;
        var text = word.ToString();
        if (Volatile.Read(ref _count) >= MaxWords) return text;
        if (_words.TryAdd(text, text)) Interlocked.Increment(ref _count);
        return text;
    }
}
