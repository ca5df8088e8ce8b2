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
        Assert.Matches($@"{a.Address.Replace(".", "\\.", StringComparison.Ordinal)}\s*\|member-1\s*\|readings\|Replaced", destination);
        Assert.Contains($"answered by {b.Address}", destination, StringComparison.Ordinal);
        Assert.Matches($@"{b.Address.Replace(".", "\\.", StringComparison.Ordinal)}\s*\|member-2\s*\|readings\|Completed", destination);
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
}
