using EdgeNode.Core.Metadata;

namespace EdgeNode.IntegrationTests.Storage;

/// <summary>A master's ledger table on PostgreSQL (the database connected as <c>blockchain</c>), through the commands and <see cref="ILedgerTable"/>.</summary>
public sealed class PostgresLedgerTableTests(PostgresFixture postgres)
{
    private const string First = "{\"tag\": {\"name\": \"first\", \"id\": \"t1\", \"date\": \"2026-01-01T00:00:00.000001Z\", \"ledger\": \"global\"}}";
    private const string Second = "{\"tag\": {\"name\": \"second\", \"id\": \"t2\", \"date\": \"2026-01-02T10:20:30.123456Z\", \"ledger\": \"global\"}}";

    [Fact]
    public async Task A_master_keeps_its_ledger_table_in_postgresql_ordered_by_policy_date()
    {
        await using var node = new TestNode();
        await node.OkAsync($"connect dbms blockchain where {(await postgres.ServerAsync()).ConnectOptions}");
        await node.RunAsync("drop table ledger where dbms = blockchain"); // left by an earlier run on the same server
        await node.OkAsync("create table ledger where dbms = blockchain");
        var table = node.Node.Services.Get<ILedgerTable>();
        var empty = await table.StampAsync(TestContext.Current.CancellationToken);

        node.Node.Dictionary.Set("p1", First);
        node.Node.Dictionary.Set("p2", Second);
        await node.OkAsync("blockchain push !p2");
        await node.OkAsync("blockchain push !p1");
        Assert.Contains("already in the ledger table", await node.OkAsync("blockchain push !p1"), StringComparison.Ordinal);
        Assert.Equal(First + "\n" + Second, await node.OkAsync("blockchain pull to stdout"));

        var rows = await table.ExportAsync(TestContext.Current.CancellationToken);
        Assert.Equal(["2026-01-01T00:00:00.000001Z", "2026-01-02T10:20:30.123456Z"], rows.Select(r => r.Date));
        Assert.All(rows, row => Assert.Equal(("tag", "127.0.0.1"), (row.PolicyType, row.Host)));
        var filled = await table.StampAsync(TestContext.Current.CancellationToken);
        Assert.Equal(2, filled.Rows);
        Assert.NotEqual(empty, filled);

        await node.OkAsync("blockchain drop policy where id = t2");
        Assert.Equal(First, await node.OkAsync("blockchain pull to stdout"));
        Assert.NotEqual(filled, await table.StampAsync(TestContext.Current.CancellationToken));
    }
}
