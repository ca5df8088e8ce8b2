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
        var cache = new WordCache(slots: 16, maxWordLength: 5);
        var first = cache.Get("abcdefgh".AsSpan());
        var second = cache.Get("abcdefgh".AsSpan());
        Assert.Equal("abcdefgh", second);
        Assert.NotSame(first, second);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void Two_words_of_one_set_are_both_kept_and_a_third_drops_the_older()
    {
        var cache = new WordCache(slots: 2, maxWordLength: 10); // one set: every word lands in it
        var w0 = cache.Get("w0".AsSpan());
        var w1 = cache.Get("w1".AsSpan());
        Assert.Same(w0, cache.Get("w0".AsSpan()));
        Assert.Same(w1, cache.Get("w1".AsSpan()));
        var w2 = cache.Get("w2".AsSpan());
        Assert.Equal(2, cache.Count);
        Assert.Same(w2, cache.Get("w2".AsSpan()));
        Assert.Same(w1, cache.Get("w1".AsSpan()));
        Assert.NotSame(w0, cache.Get("w0".AsSpan()));
    }

    [Fact]
    public void Words_used_after_a_flood_of_user_data_are_shared_again_and_the_table_stays_bounded()
    {
        var cache = new WordCache(slots: 64, maxWordLength: 40);
        for (var n = 0; n < 10_000; n++) Assert.Equal($"id{n}", cache.Get($"id{n}".AsSpan()));
        Assert.InRange(cache.Count, 1, 64);
        var threads = cache.Get("threads".AsSpan());
        Assert.Same(threads, cache.Get("threads".AsSpan()));
    }

    [Fact]
    public void Words_that_differ_only_in_the_middle_each_get_their_own_text()
    {
        var cache = new WordCache(slots: 4096, maxWordLength: 40);
        var words = Enumerable.Range(0, 100).Select(n => $"abcd{n:D3}wxyz").ToList(); // same length, same ends
        for (var round = 0; round < 3; round++)
            foreach (var word in words) Assert.Equal(word, cache.Get(word.AsSpan()));
    }

    [Fact]
    public async Task Threads_reading_and_adding_at_once_get_the_right_text()
    {
        var cache = new WordCache(slots: 32, maxWordLength: 10);
        var workers = Enumerable.Range(0, 4).Select(worker => Task.Run(() =>
        {
            for (var n = 0; n < 5000; n++)
            {
                var word = $"k{(n * 7 + worker) % 200}";
                Assert.Equal(word, cache.Get(word.AsSpan()));
            }
        }, TestContext.Current.CancellationToken));
        await Task.WhenAll(workers);
        Assert.InRange(cache.Count, 1, 32);
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
