using System.Net;
using System.Text;

namespace EdgeNode.IntegrationTests.Network;

/// <summary>
/// A network of real processes on 127.0.0.1, built with the example scripts as docs/publisher.md tells a user to: a master,
/// two operators each alone in its cluster (cluster1 hosts t1, t2 and t4; cluster2 hosts t2 and t3), a publisher fed by
/// REST PUT and by MQTT through a real mosquitto, and a query node. Operator 2 runs on a home the fixture owns, so a test
/// can kill it and start it again. Started once for <see cref="PublisherNetworkTests"/>.
/// </summary>
public sealed class PublisherProcessNetwork : IAsyncLifetime
{
    public const string Dbms = "pubnet";

    private readonly List<IAsyncDisposable> _owned = [];
    private readonly string _operator2Home = Directory.CreateTempSubdirectory("edgenode-it-publisher-op2-").FullName;
    private string[] _operator2Settings = [];

    public MosquittoServer Mosquitto { get; private set; } = null!;
    public string MasterAddress { get; private set; } = "";
    public NodeProcess Master { get; private set; } = null!;
    public NodeProcess Operator1 { get; private set; } = null!;
    public string Operator1Address { get; private set; } = "";
    public NodeProcess Operator2 { get; private set; } = null!;
    public string Operator2Address { get; private set; } = "";
    public NodeProcess Publisher { get; private set; } = null!;
    public RestEndpoint PublisherRest { get; private set; } = null!;
    public NodeProcess Query { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Mosquitto = Own(await MosquittoServer.StartAsync());
        var masterPort = FreePort.Get();
        MasterAddress = $"127.0.0.1:{masterPort}";
        Master = await StartAsync(null, "master.al", $"master_port = {masterPort}", $"master_rest_port = {FreePort.Get()}");
        var (port1, port2) = (FreePort.Get(), FreePort.Get());
        (Operator1Address, Operator2Address) = ($"127.0.0.1:{port1}", $"127.0.0.1:{port2}");
        _operator2Settings = ["set node name operator2", "cluster_name = cluster2", $"operator_port = {port2}", $"operator_rest_port = {FreePort.Get()}"];
        var operator1 = StartAsync(null, "operator.al", "set node name operator1", "cluster_name = cluster1", $"operator_port = {port1}",
            $"operator_rest_port = {FreePort.Get()}");
        var operator2 = StartOperator2Async();
        (Operator1, Operator2) = (await operator1, await operator2);

        // which cluster hosts which table: child cluster policies on the master, as an administrator declares them
        foreach (var (cluster, tables) in new[] { ("cluster1", new[] { "t1", "t2", "t4" }), ("cluster2", new[] { "t2", "t3" }) })
        {
            var id = "";
            await Eventually.HoldsAsync(async () => (id = (await Master.OkAsync($"blockchain get cluster where name = {cluster} bring [cluster][id]")).Trim()).Length > 0,
                $"the master's ledger holds {cluster}", NodeProcess.EventBudget);
            var list = string.Join(", ", tables.Select(t => $"{{\"dbms\": \"{Dbms}\", \"name\": \"{t}\"}}"));
            await NetworkSyncTests.PublishAsync(Master,
                $"{{\"cluster\": {{\"parent\": \"{id}\", \"company\": \"My Company\", \"name\": \"{cluster}-{Dbms}\", \"table\": [{list}]}}}}", MasterAddress);
        }

        var publisherRest = FreePort.Get();
        var publisher = StartAsync(null, "publisher.al", $"publisher_port = {FreePort.Get()}", $"publisher_rest_port = {publisherRest}");
        var query = StartAsync(null, "query.al", $"query_port = {FreePort.Get()}", $"query_rest_port = {FreePort.Get()}");
        (Publisher, Query) = (await publisher, await query);
        PublisherRest = Own(new RestEndpoint(publisherRest));
        await Publisher.OkAsync($"run msg client where broker = 127.0.0.1 and port = {Mosquitto.Port} and qos = 1 and topic = (name = {Dbms}/t2 and " +
                                $"dbms = {Dbms} and table = t2 and column.seq.int = \"bring [rows][][seq]\" and column.value.float = \"bring [rows][][value]\" " +
                                "and column.device.str = \"bring [rows][][device]\")");
        // subscribed before a test publishes: mosquitto drops what reaches a topic nobody subscribes to yet (a busy machine
        // took longer to subscribe than a test to publish its first messages)
        await Eventually.HoldsAsync(async () => (await Publisher.OkAsync("get msg clients")).Contains("Connection:   Connected", StringComparison.Ordinal),
            "the publisher's MQTT client subscribed", NodeProcess.EventBudget);
        await Eventually.HoldsAsync(async () => (await Publisher.OkAsync($"blockchain get cluster where name = cluster2-{Dbms} bring.count")).Trim() == "1",
            "the publisher knows which clusters host the tables", NodeProcess.EventBudget);
    }

    /// <summary>Starts operator 2 on its home (again, after a kill: the script finds its policies in place).</summary>
    public async Task<NodeProcess> StartOperator2Async() => Operator2 = await StartAsync(_operator2Home, "operator.al", _operator2Settings);

    private async Task<NodeProcess> StartAsync(string? home, string script, params string[] settings) =>
        Own(await NodeProcess.StartExampleAsync(home, script, [.. settings, $"ledger_conn = {MasterAddress}", "sync_time = 1 second", $"default_dbms = {Dbms}"]));

    private T Own<T>(T owned) where T : IAsyncDisposable
    {
        _owned.Add(owned);
        return owned;
    }

    /// <summary>Rows PUT to the publisher's REST server in file mode (each PUT becomes a data file).</summary>
    public async Task PutAsync(string table, string jsonList)
    {
        var (status, body) = await PublisherRest.SendAsync(HttpMethod.Put, null, jsonList, ("type", "json"), ("dbms", Dbms), ("table", table), ("mode", "file"));
        Assert.True(status == HttpStatusCode.OK, $"PUT answered {status}: {body}");
    }

    /// <summary>Rows as a JSON list: seq, value = seq / 4, device.</summary>
    public static string JsonRows(int first, int count)
    {
        var builder = new StringBuilder("[");
        for (var seq = first; seq < first + count; seq++)
            builder.Append(seq == first ? "" : ", ").Append("{\"seq\": ").Append(seq).Append(", \"value\": ").Append(Value(seq).ToString("R", System.Globalization.CultureInfo.InvariantCulture))
                .Append(", \"device\": \"d").Append(seq % 7).Append("\"}");
        return builder.Append(']').ToString();
    }

    public static double Value(int seq) => seq / 4.0;

    public async ValueTask DisposeAsync()
    {
        for (var i = _owned.Count - 1; i >= 0; i--) await _owned[i].DisposeAsync();
        try
        {
            Directory.Delete(_operator2Home, recursive: true);
        }
        catch (IOException)
        {
            // a file still held for a moment: temp space is cleaned by the OS
        }
    }
}
