using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace EdgeNode.IntegrationTests.Ingest;

/// <summary>
/// An operator that takes blobs (TCP and REST servers, the operator, the blobs archiver, a message client on mosquitto)
/// and a query node (TCP and REST servers, <c>system_query</c>), each a real node in-process on 127.0.0.1, with the HTTP
/// calls a device or an application makes to them.
/// </summary>
internal sealed class BlobsNetwork : IAsyncDisposable
{
    private const string Table = "images";

    private BlobsNetwork(OperatorNode op, TestNode query, string dbms, string operatorTcp, HttpClient operatorRest, HttpClient queryRest)
    {
        Operator = op;
        QueryNode = query;
        Dbms = dbms;
        OperatorTcp = operatorTcp;
        OperatorRest = operatorRest;
        QueryRest = queryRest;
    }

    public OperatorNode Operator { get; }
    public TestNode QueryNode { get; }
    public string Dbms { get; }
    public string OperatorTcp { get; }
    public HttpClient OperatorRest { get; }
    public HttpClient QueryRest { get; }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>
    /// Starts both nodes. The operator keeps its rows in <paramref name="dbms"/> (SQLite) and, with
    /// <paramref name="blobsConnect"/>, its blobs in <c>blobs_&lt;dbms&gt;</c>; <paramref name="archiver"/> is the archiver's where clause.
    /// </summary>
    public static async Task<BlobsNetwork> StartAsync(string dbms, string? blobsConnect, string archiver)
    {
        var op = await OperatorNode.StartAsync(run: false, dbms: dbms);
        TestNode? query = null;
        try
        {
            var (operatorTcp, operatorRest) = await ServersAsync(op.Node);
            if (blobsConnect is not null) await op.Node.OkAsync($"connect dbms blobs_{dbms} where {blobsConnect}");
            await op.RunOperatorAsync("update_tsd_info = true and delete_json = true");
            await op.Node.OkAsync($"run blobs archiver where {archiver}");
            query = new TestNode();
            var (_, queryRest) = await ServersAsync(query);
            await query.OkAsync("connect dbms system_query where type = sqlite and memory = true");
            return new BlobsNetwork(op, query, dbms, operatorTcp, Http(operatorRest), Http(queryRest));
        }
        catch
        {
            if (query is not null) await query.DisposeAsync();
            await op.DisposeAsync();
            throw;
        }
    }

    /// <summary>TCP and REST servers on free ports; returns the TCP address and the REST port.</summary>
    private static async Task<(string Tcp, int RestPort)> ServersAsync(TestNode node)
    {
        await node.OkAsync("create work directories");
        var tcp = FreePort.Get();
        await node.OkAsync($"run tcp server where internal_ip = 127.0.0.1 and internal_port = {tcp} and bind = true");
        var rest = FreePort.Get();
        await node.OkAsync($"run rest server where internal_ip = 127.0.0.1 and internal_port = {rest} and bind = true and timeout = 60");
        return ($"127.0.0.1:{tcp}", rest);
    }

    private static HttpClient Http(int port)
    {
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", "AnyLog/1.23");
        return http;
    }

    /// <summary>Adds the mapping policy and subscribes the operator to <c>cameras/frames</c> on mosquitto at QoS 1 with it.</summary>
    public async Task SubscribeAsync(int mosquittoPort, string mappingPolicy)
    {
        await Operator.InsertPolicyAsync(mappingPolicy);
        await Operator.Node.OkAsync(
            $"run msg client where broker = 127.0.0.1 and port = {mosquittoPort} and client_id = blobs-{Dbms} and topic = (name = cameras/frames and qos = 1 and policy = image-map)");
        await OperatorNode.WaitUntilAsync(async () => (await Operator.Node.OkAsync("get msg clients")).Contains("Connection:   Connected\r\n", StringComparison.Ordinal),
            "the message client connected and subscribed");
    }

    /// <summary>PUTs an image with its row (<c>type: blob</c>); the reply must be a success; returns the hash it gives.</summary>
    public async Task<string> PutAsync(byte[] image, string row)
    {
        var (status, body) = await PutRawAsync(image, row);
        Assert.True(status == HttpStatusCode.OK, body);
        return JsonNode.Parse(body)!["AnyLog.hash"]!.GetValue<string>();
    }

    public async Task<(HttpStatusCode Status, string Body)> PutRawAsync(byte[] image, string row, string? hash = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "/") { Content = new ByteArrayContent(image) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        foreach (var (name, value) in new[] { ("type", "blob"), ("dbms", Dbms), ("table", Table), ("row", row) })
            request.Headers.TryAddWithoutValidation(name, value);
        if (hash is not null) request.Headers.TryAddWithoutValidation("hash", hash);
        using var response = await OperatorRest.SendAsync(request, Token);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Token));
    }

    /// <summary>GETs <c>file retrieve</c> from a node (through <paramref name="destination"/> when given): the bytes and their content type.</summary>
    public async Task<(byte[] Bytes, string? ContentType)> GetAsync(HttpClient http, string id, string? destination)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.TryAddWithoutValidation("command", $"file retrieve where dbms = {Dbms} and table = {Table} and id = {id}");
        if (destination is not null) request.Headers.TryAddWithoutValidation("destination", destination);
        using var response = await http.SendAsync(request, Token);
        var bytes = await response.Content.ReadAsByteArrayAsync(Token);
        Assert.True(response.StatusCode == HttpStatusCode.OK, System.Text.Encoding.UTF8.GetString(bytes));
        return (bytes, response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>
    /// The query node counts the rows (and distinct blobs) on the operator with <c>run client (operator) sql</c>, once it has
    /// the table's policy (as a ledger sync would bring it).
    /// </summary>
    public async Task<(int Rows, int Blobs)> QueryNodeCountAsync(string table)
    {
        var policies = JsonNode.Parse(await Operator.Node.OkAsync($"blockchain get table where dbms = {Dbms} and name = {table}"))!.AsArray();
        var body = policies.Single()!["table"]!.AsObject();
        var copy = new JsonObject { ["table"] = new JsonObject { ["name"] = body["name"]!.GetValue<string>(), ["dbms"] = Dbms, ["create"] = body["create"]!.GetValue<string>() } };
        QueryNode.Node.Dictionary.Set("table_policy", copy.ToJsonString());
        await QueryNode.OkAsync("blockchain insert where policy = !table_policy and local = true");
        var answer = await QueryNode.OkAsync($"run client ({OperatorTcp}) sql {Dbms} format = json and stat = false \"select count(*) as n, count(distinct file) as d from {table}\"");
        var row = JsonNode.Parse(answer)!["Query"]![0]!;
        return (int.Parse(row["n"]!.ToString(), System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(row["d"]!.ToString(), System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The query node's console brings a blob over with <c>run client (operator) file retrieve ... and dest = !tmp_dir/</c>.</summary>
    public async Task<byte[]> RunClientRetrieveAsync(string id)
    {
        await QueryNode.OkAsync($"run client ({OperatorTcp}) file retrieve where dbms = {Dbms} and table = {Table} and id = {id} and dest = !tmp_dir/");
        return await File.ReadAllBytesAsync(Path.Combine(QueryNode.Var("tmp_dir")!, $"{Dbms}.{Table}.{id}"), Token);
    }

    public async ValueTask DisposeAsync()
    {
        OperatorRest.Dispose();
        QueryRest.Dispose();
        await QueryNode.DisposeAsync();
        await Operator.DisposeAsync();
    }
}
