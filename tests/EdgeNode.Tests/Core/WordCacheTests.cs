using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;

namespace EdgeNode.Tests.Core;

public sealed class WordCacheTests
{
    [Fact]
    public void A_word_repeated_by_two_lines_is_one_shared_string()
    {
        var first = Tokenizer.Tokenize("run operator where policy = p1 and threads = 3");
        var second = Tokenizer.Tokenize("run operator where policy = p1 and threads = 3");
        Assert.Equal(first.Select(t => t.Text), second.Select(t => t.Text));
        Assert.All(first.Zip(second), pair => Assert.Same(pair.First.Text, pair.Second.Text));
    }

    [Fact]
    public void A_long_word_is_allocated_each_time_and_never_kept()
    {
        var cache = new WordCache(maxWords: 10, maxWordLength: 5);
        var first = cache.Get("abcdefgh".AsSpan());
        var second = cache.Get("abcdefgh".AsSpan());
        Assert.Equal("abcdefgh", second);
        Assert.NotSame(first, second);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void A_full_cache_keeps_what_it_has_and_still_returns_every_word()
    {
        var cache = new WordCache(maxWords: 3, maxWordLength: 10);
        var kept = Enumerable.Range(0, 3).Select(n => cache.Get($"w{n}".AsSpan())).ToList();
        var beyond = cache.Get("w9".AsSpan());
        Assert.Equal(3, cache.Count);
        Assert.Equal("w9", beyond);
        Assert.NotSame(beyond, cache.Get("w9".AsSpan()));
        Assert.All(kept, word => Assert.Same(word, cache.Get(word.AsSpan())));
    }

    [Fact]
    public async Task Threads_reading_and_adding_at_once_get_the_right_text_and_stay_near_the_bound()
    {
        var cache = new WordCache(maxWords: 50, maxWordLength: 10);
        var workers = Enumerable.Range(0, 4).Select(worker => Task.Run(() =>
        {
            for (var n = 0; n < 2000; n++)
            {
                var word = $"k{(n * 7 + worker) % 200}";
                Assert.Equal(word, cache.Get(word.AsSpan()));
            }
        }, TestContext.Current.CancellationToken));
        await Task.WhenAll(workers);
        Assert.InRange(cache.Count, 50, 50 + 4);
    }

    [Theory]
    [InlineData("3", 3L)]
    [InlineData("1023", 1023L)]
    [InlineData("1024", 1024L)]
    [InlineData("-5", -5L)]
    [InlineData("5000000000", 5000000000L)]
    public void Shared_boxes_for_small_counts_bind_the_same_values(string text, long expected)
    {
        var schema = new OptionSchema(new OptionSpec("threads", OptionType.Int));
        var bound = schema.Bind(WhereClause.Parse(Tokenizer.Tokenize($"threads = {text}")));
        Assert.Equal(expected, bound.Int("threads"));
    }

    [Fact]
    public void An_endpoint_host_is_parsed_the_same_from_the_shared_text()
    {
        Assert.True(IpPort.TryParse("127.0.0.1:32048", out var first));
        Assert.True(IpPort.TryParse("127.0.0.1:32049", out var second));
        Assert.Equal(new IpPort("127.0.0.1", 32048), first);
        Assert.Same(first.Host, second.Host);
    }
}
