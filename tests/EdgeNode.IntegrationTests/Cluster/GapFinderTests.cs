using EdgeNode.Cluster.Consumption;
using EdgeNode.Core.Storage;

namespace EdgeNode.IntegrationTests.Cluster;

/// <summary>
/// The consumer's gap finding against a node's real TSD table (SQLite almgm): which of a member's file ids this node
/// lacks, and up to which id it holds every file.
/// </summary>
public sealed class GapFinderTests : IAsyncLifetime
{
    private const string Table = "tsd_7";
    private static readonly HashSet<long> None = [];
    private readonly TestNode _node = new();
    private ITimeFiles _files = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await _node.OkAsync("connect dbms almgm where type = sqlite");
        await _node.OkAsync($"create table {Table} where dbms = almgm");
        _files = _node.Node.Services.Get<ITimeFiles>();
        // member 7's files 1, 2, 3, 5, 6 and 9 are held here
        foreach (var id in new long[] { 1, 2, 3, 5, 6, 9 })
            await _files.RegisterAsync(new TsdEntry(id, "test", "readings", "7", $"hash{id}", "0", DateTime.UtcNow, 10, "", ""), Table, Cancel);
    }

    public ValueTask DisposeAsync() => _node.DisposeAsync();

    private Task<GapFinder.Gaps> FindAsync(long last, int limit, IReadOnlySet<long>? pending = null, IReadOnlySet<long>? absent = null) =>
        GapFinder.FindAsync(_files, Table, after: 0, last, pending ?? None, absent ?? None, limit, Cancel);

    [Fact]
    public async Task Lists_the_ids_not_held_and_validates_up_to_the_first()
    {
        var gaps = await FindAsync(last: 10, limit: 100);
        Assert.Equal([4, 7, 8, 10], gaps.Missing);
        Assert.Equal(3, gaps.ValidatedId);

        Assert.Equal(9, (await FindAsync(last: 9, limit: 100, absent: new HashSet<long> { 4, 7, 8 })).ValidatedId);
        Assert.Equal(3, (await FindAsync(last: 3, limit: 100)).ValidatedId);
    }

    [Fact]
    public async Task Files_already_waiting_are_not_asked_for_but_are_not_validated_either()
    {
        var gaps = await FindAsync(last: 10, limit: 100, pending: new HashSet<long> { 4, 8 });
        Assert.Equal([7, 10], gaps.Missing);
        Assert.Equal(3, gaps.ValidatedId);
    }

    [Fact]
    public async Task Ids_the_source_said_are_no_file_are_skipped()
    {
        var gaps = await FindAsync(last: 10, limit: 100, absent: new HashSet<long> { 4, 7 });
        Assert.Equal([8, 10], gaps.Missing);
        Assert.Equal(7, gaps.ValidatedId);
    }

    [Fact]
    public async Task The_limit_caps_the_ids_listed_not_the_validated_id()
    {
        var gaps = await FindAsync(last: 10, limit: 2, absent: new HashSet<long> { 4 });
        Assert.Equal([7, 8], gaps.Missing);
        Assert.Equal(6, gaps.ValidatedId);
        Assert.Empty((await FindAsync(last: 10, limit: 0)).Missing);
        Assert.Equal(3, (await FindAsync(last: 10, limit: 0)).ValidatedId);
    }

    /// <summary>A peer's summary can claim any last id: the scan stops once its answer is settled instead of walking the range.</summary>
    [Fact(Timeout = 20_000)]
    public async Task A_huge_claimed_range_costs_only_the_ids_asked_for()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var gaps = await GapFinder.FindAsync(_files, Table, after: 0, long.MaxValue - 1, None, None, limit: 3, cancellation);
        Assert.Equal([4, 7, 8], gaps.Missing);
        Assert.Equal(3, gaps.ValidatedId);
        Assert.Equal(3, (await GapFinder.FindAsync(_files, Table, after: 0, 4_000_000_000_000_000_000, None, None, limit: 0, cancellation)).ValidatedId);
    }
}
