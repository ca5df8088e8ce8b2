namespace EdgeNode.IntegrationTests.Cluster;

/// <summary>
/// A network query over an HA cluster (in-process nodes, TCP on 127.0.0.1): when the member the metadata picks does not
/// answer, another member of its cluster answers within the same call.
/// </summary>
public sealed class QueryFailoverTests
{
    private static readonly DateTime Start = new(2026, 1, 15, 8, 0, 0, DateTimeKind.Utc);

    private const string Count = "run client () sql test format = json and stat = false \"select count(*) as n from readings\"";

    [Fact]
    public async Task A_member_that_is_not_reached_is_replaced_by_another_of_its_cluster_in_the_same_call()
    {
        await using var cluster = await HaCluster.StartAsync(query: true, consumer: false);
        var (a, b, query) = (cluster.Members[0], cluster.Members[1], cluster.Query!);
        a.Drop("test.readings.a.0.0.json", HaPolicies.Rows("a", 0, 10, Start));
        b.Drop("test.readings.b.0.0.json", HaPolicies.Rows("b", 10, 5, Start));
        await cluster.WaitInSyncAsync(15);

        Assert.Equal("{\"Query\":[{\"n\":15}]}", await query.OkAsync(Count));
        Assert.Contains(a.Address, await query.OkAsync("query destination"), StringComparison.Ordinal); // the main member answers

        await a.OkAsync("exit tcp");
        Assert.Equal("{\"Query\":[{\"n\":15}]}", await query.OkAsync(Count));
        var destination = await query.OkAsync("query destination");
        AssertDestination(destination, a, "Replaced");
        Assert.Contains($"answered by {b.Address}", destination, StringComparison.Ordinal);
        AssertDestination(destination, b, "Completed");
        Assert.Contains("member-1@127.0.0.1", await query.OkAsync("get cluster info"), StringComparison.Ordinal);
        Assert.Contains("not_responding", await query.OkAsync("get cluster info"), StringComparison.Ordinal);

        // the main member is marked not responding: the next query goes to the other member at once
        Assert.Equal("{\"Query\":[{\"n\":15}]}", await query.OkAsync(Count));
        Assert.DoesNotContain("Replaced", await query.OkAsync("query destination"), StringComparison.Ordinal);

        // no member left: the query fails and says which
        await b.OkAsync("exit tcp");
        var failed = await query.RunAsync(Count);
        Assert.True(failed.IsError);
        Assert.Contains("operator", failed.ErrorLine, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_member_still_loading_what_it_missed_leaves_the_query_to_a_member_that_holds_every_row()
    {
        await using var cluster = await HaCluster.StartAsync(query: true, consumer: false);
        var (a, b, query) = (cluster.Members[0], cluster.Members[1], cluster.Query!);
        a.Drop("test.readings.a.0.0.json", HaPolicies.Rows("a", 0, 10, Start));
        await cluster.WaitInSyncAsync(10);

        // the main member a is down while b takes three files: b archives them, a never got them
        await a.OkAsync("exit tcp");
        for (var f = 0; f < 3; f++) b.Drop($"test.readings.b{f}.0.0.json", HaPolicies.Rows($"b{f}", 100 + f * 10, 10, Start));
        await cluster.WaitUntilAsync(() => b.ArchivedFiles().Count == 4 && Directory.GetFiles(b.DistrDir).Length == 0, "b archives a's file and the three a missed");
        await a.StartTcpAsync();
        Assert.Equal(10, await a.CountAsync());

        // a's consumer compares (and, suspended, does not fetch yet): a knows it lacks b's files and leaves queries to b
        await a.OkAsync("run data consumer where start_date = -1d and time = 1 second and mode = suspend");
        await cluster.WaitUntilAsync(async () => (await a.OkAsync("get consumer")).Contains("tsd_2", StringComparison.Ordinal), "a's consumer compares with b");
        Assert.Equal("{\"Query\":[{\"n\":40}]}", await query.OkAsync(Count));
        var destination = await query.OkAsync("query destination");
        AssertDestination(destination, a, "Replaced");
        Assert.Contains("is catching up with its cluster", destination, StringComparison.Ordinal);
        Assert.Contains($"answered by {b.Address}", destination, StringComparison.Ordinal);
        // a query sent to a alone says why it is refused instead of answering with a's 10 rows
        var direct = await query.RunAsync($"run client ({a.Address}) sql test format = json and stat = false \"select count(*) as n from readings\"");
        Assert.True(direct.IsError, direct.Text);
        Assert.Contains("is catching up with its cluster", direct.ErrorLine, StringComparison.Ordinal);

        // while b, which holds those files, does not respond, a answers with what it has: the files could not come
        await b.OkAsync("exit tcp");
        await cluster.WaitUntilAsync(async () => await query.RunAsync(Count) is { IsError: false } alone && alone.Text == "{\"Query\":[{\"n\":10}]}",
            "a answers alone while b is down", seconds: 30);
        await b.StartTcpAsync();
        await cluster.WaitUntilAsync(async () => await query.RunAsync(Count) is { IsError: false } both && both.Text == "{\"Query\":[{\"n\":40}]}",
            "b is back: a leaves the query to b again", seconds: 30);
        AssertDestination(await query.OkAsync("query destination"), a, "Replaced");

        // once a has loaded what it missed, it answers for the cluster again (its last check serves for a quarter second)
        await a.OkAsync("set consumer mode = active");
        await cluster.WaitInSyncAsync(40);
        await cluster.WaitUntilAsync(async () => await query.OkAsync(Count) == "{\"Query\":[{\"n\":40}]}"
                                                 && !(await query.OkAsync("query destination")).Contains("Replaced", StringComparison.Ordinal),
            "a answers the query itself", seconds: 10);
        destination = await query.OkAsync("query destination");
        AssertDestination(destination, a, "Completed");
    }

    [Fact]
    public async Task Nodes_all_spreads_queries_over_the_active_members_of_a_cluster()
    {
        await using var cluster = await HaCluster.StartAsync(query: true, consumer: false);
        var (a, b, query) = (cluster.Members[0], cluster.Members[1], cluster.Query!);
        a.Drop("test.readings.a.0.0.json", HaPolicies.Rows("a", 0, 8, Start));
        await cluster.WaitInSyncAsync(8);
        var answered = new HashSet<string>();
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal("{\"Query\":[{\"n\":8}]}", await query.OkAsync(Count.Replace("format = json", "nodes = all and format = json", StringComparison.Ordinal)));
            var destination = await query.OkAsync("query destination");
            answered.Add(destination.Contains(a.Address, StringComparison.Ordinal) ? a.Address : b.Address);
            Assert.Single(destination.Split('\n'), l => l.Contains("Completed", StringComparison.Ordinal));
        }
        Assert.Equal(new[] { a.Address, b.Address }.Order(), answered.Order());
    }

    /// <summary>The <c>query destination</c> line of <paramref name="member"/>'s part of the query (readings) has <paramref name="status"/>.</summary>
    private static void AssertDestination(string destination, HaMember member, string status) =>
        Assert.Matches($@"{System.Text.RegularExpressions.Regex.Escape(member.Address)}\s*\|{member.Name}\s*\|readings\|{status}", destination);
}
