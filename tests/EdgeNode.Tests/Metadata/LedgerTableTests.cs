using EdgeNode.Core.Commands;
using EdgeNode.Core.Metadata;
using EdgeNode.Metadata.Ledger;
using static EdgeNode.Tests.Metadata.MetadataFixture;

namespace EdgeNode.Tests.Metadata;

public sealed class LedgerTableTests
{
    [Fact]
    public void The_ddl_follows_the_spec_db_form_for_both_engines()
    {
        var psql = LedgerTableSql.CreateTable("psql");
        Assert.Equal("CREATE TABLE IF NOT EXISTS ledger(sequence_id SERIAL PRIMARY KEY, policy_type VARCHAR NOT NULL, policy_id VARCHAR NOT NULL, " +
                     "company_name VARCHAR, date TIMESTAMP NOT NULL DEFAULT NOW(), host VARCHAR NOT NULL, status VARCHAR, policy VARCHAR)", psql[0]);
        Assert.Equal("CREATE UNIQUE INDEX IF NOT EXISTS hash_index ON ledger(policy_id)", psql[1]);
        Assert.Equal("CREATE INDEX IF NOT EXISTS time_index ON ledger(date)", psql[2]);
        Assert.Contains("sequence_id INTEGER PRIMARY KEY AUTOINCREMENT", LedgerTableSql.CreateTable("sqlite")[0], StringComparison.Ordinal);
        Assert.EndsWith("FROM ledger ORDER BY date, sequence_id", LedgerTableSql.Export, StringComparison.Ordinal);
    }

    [Fact]
    public void A_row_is_made_like_edgelakes_ledger_rows()
    {
        var policy = new Policy(System.Text.Json.Nodes.JsonNode.Parse(
            "{\"cluster\": {\"company\": \"Baseline Co\", \"name\": \"baseline-cluster\", \"status\": \"active\", \"id\": \"0308c4344e75f77092d7b396812545e4\", " +
            "\"date\": \"2026-11-28T02:03:28.971113Z\", \"ledger\": \"global\"}}")!.AsObject());
        var row = LedgerRow.From(policy, "127.0.0.1");
        // blockchain_ledger_rows.txt: (1, 'cluster', '0308...', 'Baseline Co', '2026-11-28T02:03:28.971113Z', '127.0.0.1', 'active', '{"cluster": ...}')
        var reference = File.ReadLines(ReferenceOutputs.File("blockchain_ledger_rows.txt")).First();
        Assert.Equal(reference, $"(1, '{row.PolicyType}', '{row.PolicyId}', '{row.Company}', '{row.Date}', '{row.Host}', '{row.Status}', '{row.Policy}')");
        Assert.Equal("INSERT INTO ledger (policy_type, policy_id, company_name, date, host, status, policy) VALUES ('table', 'x', NULL, 'd', 'h', NULL, 'it''s');",
            LedgerTableSql.InsertLiteral(new LedgerRow("table", "x", null, "d", "h", null, "it's")));
    }

    [Fact]
    public async Task Without_a_blockchain_database_the_commands_say_what_to_do()
    {
        await using var node = new TestNode();
        foreach (var line in new[] { "blockchain create table", "blockchain push {\"tag\": {\"name\": \"t\"}}", "blockchain pull to json", "blockchain update dbms" })
        {
            var result = await node.RunAsync(line);
            Assert.Equal(ErrorCode.DbmsNotConnected, result.Code);
            Assert.Contains("connect dbms blockchain first", result.Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_master_stores_pushed_policies_and_exports_them_as_a_ledger_ordered_by_date()
    {
        await using var node = new TestNode();
        await node.OkAsync("connect dbms blockchain where type = sqlite");
        await node.OkAsync("blockchain create table");
        await node.OkAsync("blockchain create table"); // idempotent
        node.Node.Dictionary.Set("p2", "{\"tag\": {\"name\": \"second\", \"id\": \"t2\", \"date\": \"2026-01-02T00:00:00.000000Z\", \"ledger\": \"global\"}}");
        node.Node.Dictionary.Set("p1", "{\"tag\": {\"name\": \"first\", \"id\": \"t1\", \"date\": \"2026-01-01T00:00:00.000000Z\", \"ledger\": \"global\"}}");
        await node.OkAsync("blockchain push !p2");
        await node.OkAsync("blockchain push !p1");
        Assert.Contains("already in the ledger table", await node.OkAsync("blockchain push !p1"), StringComparison.Ordinal);
        Assert.Equal(node.Var("p1") + "\n" + node.Var("p2"), await node.OkAsync("blockchain pull to stdout"));
        Assert.Contains("2 policies written", await node.OkAsync("blockchain pull to json"), StringComparison.Ordinal);
        Assert.Equal([node.Var("p1"), node.Var("p2")], File.ReadAllLines(node.Var("blockchain_new")!));
        await node.OkAsync("blockchain pull to sql");
        Assert.StartsWith("INSERT INTO ledger", File.ReadAllLines(node.Var("blockchain_sql")!)[0], StringComparison.Ordinal);

        await node.OkAsync("blockchain drop policy where id = t2");
        Assert.Equal(node.Var("p1"), await node.OkAsync("blockchain pull to stdout"));
        await InsertOkAsync(node, ClusterPolicy);
        Assert.Contains("1 policies added", await node.OkAsync("blockchain update dbms"), StringComparison.Ordinal);
        Assert.Equal(2, (await node.OkAsync("blockchain pull to stdout")).Split('\n').Length);
        Assert.Contains("2 rows from the ledger table", await node.OkAsync("blockchain drop by host 127.0.0.1"), StringComparison.Ordinal);
    }
}
