using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using static EdgeNode.IntegrationTests.Network.PublisherProcessNetwork;

namespace EdgeNode.IntegrationTests.Network;

/// <summary>
/// The publisher in a network of real processes (issue 18): rows PUT and published over MQTT into the publisher land
/// exactly once in the clusters hosting their tables, as the query node counts and reads them; an operator killed while
/// files stream to it and started again ends with every row once; an override sends a table to another cluster.
/// </summary>
public sealed class PublisherNetworkTests(PublisherProcessNetwork network) : IClassFixture<PublisherProcessNetwork>
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(120);

    /// <summary>A network query on the query node (<c>run client ()</c>); the JSON rows it printed.</summary>
    private async Task<JsonArray> QueryAsync(string sql)
    {
        var text = await network.Query.OkAsync($"run client (timeout = 120) sql {Dbms} format = json and stat = false \"{sql}\"", Budget);
        return JsonNode.Parse(text[text.IndexOf('{', StringComparison.Ordinal)..])!["Query"]!.AsArray();
    }

    private async Task<long> NetworkCountAsync(string table)
    {
        try
        {
            return (long)(await QueryAsync($"select count(*) as n from {table}"))[0]!["n"]!;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or ArgumentOutOfRangeException or Xunit.Sdk.XunitException)
        {
            return -1; // the table is not known yet
        }
    }

    /// <summary>The rows of one operator's own database (its local <c>sql</c>), or -1 when it has no such table.</summary>
    private static async Task<long> LocalCountAsync(NodeProcess node, string table)
    {
        var text = await node.RunAsync($"sql {Dbms} format = json \"select count(*) as n from {table}\"");
        return text.Contains("\"Query\"", StringComparison.Ordinal) ? (long)JsonNode.Parse(text[text.IndexOf('{', StringComparison.Ordinal)..])!["Query"]![0]!["n"]! : -1;
    }

    /// <summary>md5 of the rows (seq, value, device) in seq order.</summary>
    private static string Hash(IEnumerable<(long Seq, double Value, string Device)> rows)
    {
        var text = new StringBuilder();
        foreach (var (seq, value, device) in rows)
            text.Append(seq).Append(':').Append(value.ToString("R", CultureInfo.InvariantCulture)).Append(':').Append(device).Append('\n');
        return Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static string Expected(int count) => Hash(Enumerable.Range(0, count).Select(s => ((long)s, Value(s), $"d{s % 7}")));

    private async Task<string> NetworkHashAsync(string table) =>
        Hash((await QueryAsync($"select seq, value, device from {table} order by seq"))
            .Select(r => ((long)r!["seq"]!, (double)r["value"]!, (string)r["device"]!)));

    private async Task WaitForNetworkCountAsync(string table, long rows)
    {
        long last = -1;
        try
        {
            await Eventually.HoldsAsync(async () => (last = await NetworkCountAsync(table)) == rows, $"the query node counts {rows} rows of {table}", Budget);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var publisher = await network.Publisher.RunAsync("get publisher");
            throw new Xunit.Sdk.XunitException($"{e.Message}; it counted {last} last\npublisher:\n{publisher}");
        }
    }

    private async Task<long> ShippedRowsAsync(string table) =>
        JsonNode.Parse(await network.Publisher.OkAsync("get publisher where format = json"))!["files"]!.AsArray()
            .Where(f => (string)f!["table"]! == table).Sum(f => (long)f!["rows"]!);

    [Fact]
    public async Task Rows_put_and_published_over_mqtt_into_the_publisher_land_exactly_once_in_the_clusters_hosting_their_tables()
    {
        const int Rows = 50_000;
        // t1 (cluster1 only) by REST PUT: 50 files of 1,000 rows; t2 (both clusters) over MQTT: 100 messages of 500 rows
        var puts = Task.Run(async () =>
        {
            for (var first = 0; first < Rows; first += 1_000) await network.PutAsync("t1", JsonRows(first, 1_000));
        }, TestContext.Current.CancellationToken);
        var messages = Enumerable.Range(0, Rows / 500).Select(m => $"{{\"rows\": {JsonRows(m * 500, 500)}}}").ToList();
        // in two halves, the second once a file of the first was shipped: t2 makes two files at least, which take the two clusters
        var half = messages.Count / 2;
        Assert.Equal(0, (await MosquittoClients.PublishAsync(network.Mosquitto.Port, $"{Dbms}/t2", messages[..half], qos: 1)).ExitCode);
        await Eventually.HoldsAsync(async () => await ShippedRowsAsync("t2") > 0, "a first file of t2 shipped", Budget);
        Assert.Equal(0, (await MosquittoClients.PublishAsync(network.Mosquitto.Port, $"{Dbms}/t2", messages[half..], qos: 1)).ExitCode);
        await puts;

        await WaitForNetworkCountAsync("t1", Rows);
        await WaitForNetworkCountAsync("t2", Rows);
        Assert.Equal(Expected(Rows), await NetworkHashAsync("t1"));
        Assert.Equal(Expected(Rows), await NetworkHashAsync("t2"));

        // t1 only on cluster1's operator; t2's files taken by both clusters in turn, each row on one of them
        Assert.Equal(Rows, await LocalCountAsync(network.Operator1, "t1"));
        Assert.Equal(-1, await LocalCountAsync(network.Operator2, "t1"));
        var (t2On1, t2On2) = (await LocalCountAsync(network.Operator1, "t2"), await LocalCountAsync(network.Operator2, "t2"));
        Assert.True(t2On1 > 0 && t2On2 > 0 && t2On1 + t2On2 == Rows,
            $"t2: {t2On1} rows on operator 1, {t2On2} on operator 2; the publisher: {await network.Publisher.OkAsync("get publisher where format = json")}");
        var shipped = JsonNode.Parse(await network.Publisher.OkAsync("get publisher where format = json"))!["files"]!.AsArray();
        Assert.Equal(Rows * 2, shipped.Where(f => (string)f!["table"]! is "t1" or "t2").Sum(f => (long)f!["rows"]!));
    }

    [Fact]
    public async Task An_operator_killed_while_files_stream_to_it_and_started_again_ends_with_every_row_once()
    {
        const int Files = 40;
        const int RowsPerFile = 500;
        // t3 is hosted by cluster2 alone: every file goes to operator 2
        var puts = Task.Run(async () =>
        {
            for (var file = 0; file < Files; file++)
            {
                await network.PutAsync("t3", JsonRows(file * RowsPerFile, RowsPerFile));
                await Task.Delay(50, TestContext.Current.CancellationToken);
            }
        }, TestContext.Current.CancellationToken);
        await Eventually.HoldsAsync(async () => await LocalCountAsync(network.Operator2, "t3") > 0, "operator 2 loads the first files of t3", Budget);
        network.Operator2.Signal(9);
        Assert.True(await network.Operator2.WaitForExitAsync(NodeProcess.EventBudget), "operator 2 did not die on SIGKILL");
        await puts;
        await Eventually.HoldsAsync(async () => (await network.Publisher.OkAsync("get publisher")).Contains("Files not confirmed by an operator yet", StringComparison.Ordinal),
            "files wait for operator 2", Budget);

        await network.StartOperator2Async();
        await WaitForNetworkCountAsync("t3", Files * RowsPerFile);
        var distinct = (long)(await QueryAsync("select count(distinct seq) as d, min(seq) as lo, max(seq) as hi from t3"))[0]!["d"]!;
        Assert.Equal(Files * RowsPerFile, distinct);
        Assert.Equal(Expected(Files * RowsPerFile), await NetworkHashAsync("t3"));
        var errors = JsonNode.Parse(await network.Publisher.OkAsync("get publisher where format = json"))!["files"]!.AsArray()
            .Where(f => (string)f!["table"]! == "t3" && (string)f["destination"]! == network.Operator2Address).Sum(f => (long)f!["errors"]!);
        Assert.True(errors > 0, "the publisher met the dead operator");
    }

    [Fact]
    public async Task Set_data_distribution_sends_a_table_to_another_cluster_than_the_one_hosting_it()
    {
        // t4 is hosted by cluster1; the override sends it to operator 2 (cluster2)
        await network.Publisher.OkAsync($"set data distribution where dbms = {Dbms} and table = t4 and dest = {network.Operator2Address}");
        Assert.Matches($@"{Dbms} *\|t4 *\|{network.Operator2Address}", await network.Publisher.OkAsync("get publisher distribution"));
        await network.PutAsync("t4", JsonRows(0, 1_000));
        await Eventually.HoldsAsync(async () => await LocalCountAsync(network.Operator2, "t4") == 1_000, "operator 2 loads t4", Budget);
        Assert.Equal(-1, await LocalCountAsync(network.Operator1, "t4"));
        await network.Publisher.OkAsync($"set data distribution where dbms = {Dbms} and table = t4 and remove = true");
    }
}
