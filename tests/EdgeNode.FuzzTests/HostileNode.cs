using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace EdgeNode.FuzzTests;

/// <summary>
/// A real edgenode process as an attacker meets it: SQLite, the streamer, the operator, REST, TCP and the node's MQTT
/// broker with a local subscription, all on 127.0.0.1. The helpers say what a user would check after each attack: the
/// process is alive, still answers, and its resident memory is below <see cref="RssBoundBytes"/>.
/// </summary>
public sealed class HostileNode : IAsyncDisposable
{
    /// <summary>The memory bound the fuzz tests state: 1 GiB of resident memory, whatever was sent.</summary>
    public const long RssBoundBytes = 1L << 30;

    /// <summary>The temp home this node made for itself (deleted at dispose), or null when the test gave one.</summary>
    private readonly string? _ownHome;

    private HostileNode(NodeProcess node, int rest, int tcp, int broker, string? ownHome)
    {
        _ownHome = ownHome;
        Process = node;
        RestPort = rest;
        TcpPort = tcp;
        BrokerPort = broker;
        Http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 16 })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{rest}/"), Timeout = TimeSpan.FromSeconds(60),
        };
        Http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", "AnyLog/1.23");
    }

    public NodeProcess Process { get; }
    public int RestPort { get; }
    public int TcpPort { get; }
    public int BrokerPort { get; }
    public HttpClient Http { get; }
    public string Home => Process.Home;
    public string ErrorDir => Path.Combine(Home, "EdgeLake", "data", "error");

    /// <summary>Starts a node in <paramref name="home"/> (a new temp home when null) and waits until it serves.</summary>
    public static async Task<HostileNode> StartAsync(string? home = null, string streamerTime = "1 second", int? restPort = null, int? tcpPort = null,
        int? brokerPort = null)
    {
        var rest = restPort ?? FreePort.Get();
        var tcp = tcpPort ?? FreePort.Get();
        var broker = brokerPort ?? FreePort.Get();
        var ownHome = home is null ? Directory.CreateTempSubdirectory("edgenode-fuzz-").FullName : null;
        home ??= ownHome!;
        var script = Path.Combine(home, "hostile.al");
        await File.WriteAllTextAsync(script, string.Join('\n',
            "create work directories",
            "connect dbms almgm where type = sqlite",
            "create table tsd_info where dbms = almgm",
            "connect dbms fuzz where type = sqlite",
            "connect dbms system_query where type = sqlite and memory = true",
            "operator_id = blockchain get operator where name = fuzz-operator bring [operator][id]",
            "if !operator_id then goto run_processes",
            "fuzz_cluster = create policy cluster with defaults where company = Fuzz and name = fuzz-cluster",
            "blockchain insert where policy = !fuzz_cluster and local = true",
            "cluster_id = blockchain get cluster where name = fuzz-cluster bring [cluster][id]",
            "fuzz_operator = create policy operator with defaults where name = fuzz-operator and company = Fuzz and cluster = !cluster_id and main = true",
            "blockchain insert where policy = !fuzz_operator and local = true",
            "operator_id = blockchain get operator where name = fuzz-operator bring [operator][id]",
            ":run_processes:",
            $"set buffer threshold where time = {streamerTime} and volume = 10MB",
            "run streamer",
            "run operator where policy = !operator_id and update_tsd_info = true and archive_json = true",
            $"run tcp server where internal_ip = 127.0.0.1 and internal_port = {tcp} and bind = true",
            $"run rest server where internal_ip = 127.0.0.1 and internal_port = {rest} and bind = true and timeout = 30",
            $"run message broker where internal_ip = 127.0.0.1 and internal_port = {broker} and bind = true",
            "run msg client where broker = local and topic = (name = fuzz and dbms = fuzz and table = mqtt_rows and column.v = (type = int and value = \"bring [v]\"))",
            "echo HOSTILE-NODE-READY",
            ""));
        var node = NodeProcess.Start(home, "process", script);
        try
        {
            await node.WaitForOutputAsync("HOSTILE-NODE-READY");
        }
        catch
        {
            await node.DisposeAsync();
            if (ownHome is not null) Directory.Delete(ownHome, recursive: true);
            throw;
        }
        return new HostileNode(node, rest, tcp, broker, ownHome);
    }

    /// <summary>Resident memory of the node process (VmRSS of /proc).</summary>
    public long RssBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{Process.Pid}/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        return 0;
    }

    /// <summary>The node runs, answers <c>get status</c> over REST, and holds less than the stated memory.</summary>
    public async Task AssertHealthyAsync(string after)
    {
        Assert.False(Process.HasExited, $"the node died after {after}\n{Tail(Process.Errors)}");
        var status = await CommandAsync("get status");
        Assert.True(status.StatusCode == HttpStatusCode.OK, $"get status after {after}: {status.StatusCode} {await status.Content.ReadAsStringAsync()}");
        var rss = RssBytes();
        Assert.True(rss < RssBoundBytes, $"resident memory {rss / (1 << 20)} MiB after {after}, above the bound of {RssBoundBytes / (1 << 20)} MiB");
    }

    public Task<HttpResponseMessage> CommandAsync(string command, string method = "GET", string? body = null, params (string, string)[] headers)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), "/");
        request.Headers.TryAddWithoutValidation("command", command);
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "text/plain");
        return Http.SendAsync(request);
    }

    /// <summary>Flushes the streaming buffers now (a POST command; whatever threshold a test or a fuzzed command set).</summary>
    public async Task FlushBuffersAsync()
    {
        using var flushed = await CommandAsync("flush buffers", "POST");
        Assert.True(flushed.IsSuccessStatusCode, $"flush buffers: {flushed.StatusCode} {await flushed.Content.ReadAsStringAsync()}");
    }

    public Task<HttpResponseMessage> PutRowsAsync(string table, byte[] body, string mode = "streaming")
    {
        var request = new HttpRequestMessage(HttpMethod.Put, "/") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        request.Headers.TryAddWithoutValidation("type", "json");
        request.Headers.TryAddWithoutValidation("dbms", "fuzz");
        request.Headers.TryAddWithoutValidation("table", table);
        request.Headers.TryAddWithoutValidation("mode", mode);
        request.Headers.TryAddWithoutValidation("Content-Type", "text/plain");
        return Http.SendAsync(request);
    }

    /// <summary>Rows in fuzz.<paramref name="table"/> (0 while the table does not exist).</summary>
    public async Task<long> CountAsync(string table)
    {
        using var response = await CommandAsync($"sql fuzz format = json and stat = false \"select count(*) as n from {table}\"");
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK || !text.Contains("\"n\"", StringComparison.Ordinal)) return 0;
        using var json = JsonDocument.Parse(text);
        return json.RootElement.GetProperty("Query")[0].GetProperty("n").GetInt64();
    }

    /// <summary>Rows of fuzz.<paramref name="table"/> the operator refused: the lines of its error files (reason files aside).</summary>
    public long RefusedRows(string table) =>
        Directory.Exists(ErrorDir)
            ? Directory.GetFiles(ErrorDir, $"fuzz.{table}.*.json").Sum(f => File.ReadAllLines(f).Count(l => l.Trim().Length > 0))
            : 0;

    /// <summary>Waits until the table holds at least <paramref name="rows"/> rows (or 90 seconds pass); returns the count.</summary>
    public async Task<long> WaitForRowsAsync(string table, long rows)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        long count;
        while ((count = await CountAsync(table)) < rows && DateTime.UtcNow < deadline) await Task.Delay(200);
        await Task.Delay(1500); // a row loaded twice would show up now
        return await CountAsync(table);
    }

    /// <summary>
    /// A refusal as a user reads it: a 4xx/5xx whose JSON body carries an error code and a text that is a sentence (no
    /// .NET resource key such as <c>Arg_ParamName_Name</c>). Returns the code.
    /// </summary>
    public static async Task<int> AssertClearErrorAsync(HttpResponseMessage response, string input)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{response.StatusCode} for {Describe(input)}: {Tail(text)}");
        // a request that is not valid HTTP (a request line or header the web server cannot read) is refused by Kestrel
        // before the node sees it, with a bare 400: that status is its error (docs/limits.md)
        if (text.Length == 0 && response.StatusCode == HttpStatusCode.BadRequest) return 400;
        Assert.True(text.Length > 0, $"{(int)response.StatusCode} {response.StatusCode} without a body (no error code, no text) for {Describe(input)}");
        using var json = JsonDocument.Parse(text);
        var root = json.RootElement;
        var code = root.TryGetProperty("err_code", out var c) ? c.GetInt32() : root.GetProperty("error_code").GetInt32();
        Assert.True(code > 0, $"no error code for {Describe(input)}: {text}");
        Assert.DoesNotMatch(ResourceKey, text);
        Assert.True(text.Length < 64 * 1024, $"a {text.Length}-character error for {Describe(input)}");
        return code;
    }

    /// <summary>.NET resource keys (<c>Arg_ParamName_Name</c>, <c>IO_FileNotFound_FileName</c>, <c>CannotTranscodeInvalidUtf8</c>) instead of sentences.</summary>
    private const string ResourceKey = @"\b[A-Z][A-Za-z0-9]*_[A-Z][A-Za-z0-9]*(_[A-Za-z0-9]+)*\b|\bCannot[A-Z][A-Za-z0-9]+\b";

    public static string Describe(string input) => input.Length <= 200 ? input : input[..200] + $"... ({input.Length} characters)";

    public static string Tail(string text) => text.Length <= 4000 ? text : text[^4000..];

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Process.DisposeAsync();
        if (_ownHome is not null) Directory.Delete(_ownHome, recursive: true);
    }
}
