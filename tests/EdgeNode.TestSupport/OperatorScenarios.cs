using System.Globalization;
using System.Text.RegularExpressions;

namespace EdgeNode.TestSupport;

/// <summary>
/// Operator behaviours checked on every engine (SQLite in the unit tests, PostgreSQL in the integration tests): each
/// drives a running <see cref="OperatorNode"/> through files and commands and asserts on tables and rows.
/// </summary>
public static partial class OperatorScenarios
{
    private static string Rows(int first, int count, string table = "") =>
        string.Concat(Enumerable.Range(first, count).Select(i =>
            $"{{\"ts\": \"2026-11-28T02:00:{i % 60:00}.{i:000000}Z\", \"v\": {i}, \"price\": {i}.25, \"device\": \"dev{i % 3}\"{table}}}\n"));

    /// <summary>Values of each type load as written (exact decimals, UTC timestamps, text).</summary>
    public static async Task LoadsTypedValuesAsync(OperatorNode node)
    {
        node.Drop($"{node.Dbms}.typed.0.0.0.json", OperatorNode.Rows(
            "{\"ts\": \"2026-11-28T02:00:00.123456+01:00\", \"count\": 7, \"big\": 9876543210, \"price\": 10.25, \"ratio\": 0.123456789, \"on\": true, " +
            "\"id\": \"9b2c1f3e-4d5a-4b6c-8d7e-0f1a2b3c4d5e\", \"day\": \"2026-11-28\", \"name\": \"a longer device name\", \"code\": \"ab\"}"));
        await node.WaitForRowsAsync("typed", 1);
        var row = (await node.QueryAsync("select ts, count, big, price, ratio, \\\"on\\\", id, day, name, code from typed"))[0]!;
        Assert.Equal("2026-11-28 01:00:00.123456", row["ts"]!.ToString());
        Assert.Equal(7, row["count"]!.GetValue<int>());
        Assert.Equal(9876543210, row["big"]!.GetValue<long>());
        Assert.Equal(10.25m, row["price"]!.GetValue<decimal>());
        Assert.Equal(0.123456789, row["ratio"]!.GetValue<double>());
        Assert.True(row["on"]!.GetValue<bool>());
        Assert.Equal("9b2c1f3e-4d5a-4b6c-8d7e-0f1a2b3c4d5e", row["id"]!.ToString());
        Assert.Equal("2026-11-28", row["day"]!.ToString());
        Assert.Equal("a longer device name", row["name"]!.ToString());
        Assert.Equal("ab", row["code"]!.ToString().Trim());
    }

    /// <summary>A new attribute adds a local column, a wider number widens one; the published table policy stays as it is.</summary>
    public static async Task AdaptsToSchemaDriftAsync(OperatorNode node)
    {
        node.Drop($"{node.Dbms}.drifting.0.0.0.json", OperatorNode.Rows("{\"ts\": \"2026-11-28T02:00:00Z\", \"n\": 1}"));
        await node.WaitForRowsAsync("drifting", 1);
        var published = await node.Node.OkAsync("blockchain get table where name = drifting");
        node.Drop($"{node.Dbms}.drifting.0.0.0.json", OperatorNode.Rows(
            "{\"ts\": \"2026-11-28T02:00:01Z\", \"n\": 2.75, \"label\": \"new\"}", "{\"ts\": \"2026-11-28T02:00:02Z\", \"n\": 5000000000}"));
        await node.WaitForRowsAsync("drifting", 3);
        var rows = await node.QueryAsync("select n, label from drifting order by ts");
        Assert.Equal([1m, 2.75m, 5000000000m], rows.Select(r => r!["n"]!.GetValue<decimal>()));
        Assert.Equal("new", rows[1]!["label"]!.ToString());
        // the table policy is a contract: the local table changed, the policy (and so get columns) did not
        Assert.Equal(published, await node.Node.OkAsync("blockchain get table where name = drifting"));
        Assert.Contains(" n int", published, StringComparison.Ordinal);
        Assert.DoesNotContain("label", published, StringComparison.Ordinal);
        var columns = await node.Node.OkAsync($"get columns where dbms = {node.Dbms} and table = drifting");
        Assert.Matches(@"\nn +\|int +\|", columns.Replace("\r\n", "\n", StringComparison.Ordinal));
        Assert.Contains($"Operator: local table {node.Dbms}.drifting changed for new data (", await node.Node.OkAsync("get event log"), StringComparison.Ordinal);
    }

    /// <summary>
    /// A file whose earlier attempt committed rows but crashed before completing its tsd_info entry: the entry exists
    /// without status, the rows carry its id; loading the file replaces them instead of adding to them.
    /// </summary>
    public static async Task ReplacesTheRowsOfACrashedAttemptAsync(OperatorNode node)
    {
        node.Drop($"{node.Dbms}.replay.0.0.0.json", Rows(0, 5));
        await node.WaitForRowsAsync("replay", 5);
        var staging = Directory.CreateTempSubdirectory("edgenode-replay-").FullName;
        try
        {
            var file = Path.Combine(staging, $"{node.Dbms}.replay.0.0.0.json");
            File.WriteAllText(file, Rows(100, 7));
            var registered = await node.Node.OkAsync($"time file add {file}");
            var id = long.Parse(FileId().Match(registered).Groups[1].Value, CultureInfo.InvariantCulture);
            for (var i = 0; i < 3; i++)
                await node.Node.OkAsync($"sql {node.Dbms} \"insert into replay (insert_timestamp, tsd_name, tsd_id, ts, v, price, device) values " +
                                        $"('2026-11-28 03:00:00', '{node.Member}', {id}, '2026-11-28 03:00:00', -1, 0, 'dev9')\"");
            Assert.Equal(8, await node.CountAsync("replay"));
            File.Move(file, Path.Combine(node.WatchDir, Path.GetFileName(file)));
            await OperatorNode.WaitUntilAsync(async () => await node.CountAsync("replay") == 12
                                                          && (await node.QueryAsync("select count(*) as n from replay where v = -1"))[0]!["n"]!.GetValue<int>() == 0,
                "the crashed attempt's rows replaced", explain: node.ErrorReasons);
            var loaded = await node.QueryAsync($"select count(*) as n from replay where tsd_id = {id}");
            Assert.Equal(7, loaded[0]!["n"]!.GetValue<int>());
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    /// <summary>Rows go to the partition of their time column, each partition created on demand.</summary>
    public static async Task SplitsRowsIntoPartitionsAsync(OperatorNode node)
    {
        await node.Node.OkAsync($"partition {node.Dbms} parted using ts by 1 hour");
        node.Drop($"{node.Dbms}.parted.0.0.0.json", OperatorNode.Rows(
            "{\"ts\": \"2026-11-28T01:59:59Z\", \"v\": 1}", "{\"ts\": \"2026-11-28T02:00:00Z\", \"v\": 2}", "{\"ts\": \"2026-11-28T02:30:00Z\", \"v\": 3}"));
        await node.WaitForRowsAsync("parted", 3);
        Assert.Equal(["par_parted_2026_11_28_01_h01_ts", "par_parted_2026_11_28_02_h01_ts"],
            await node.Database().ListPartitionsAsync("parted", TestContext.Current.CancellationToken));
        Assert.Equal(6, (await node.QueryAsync("select sum(v) as s from parted"))[0]!["s"]!.GetValue<int>());
    }

    [GeneratedRegex(@"with id (\d+)")]
    private static partial Regex FileId();
}
