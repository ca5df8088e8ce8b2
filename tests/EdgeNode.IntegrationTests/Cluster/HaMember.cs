using System.Text;
using EdgeNode.Core.IO;
using EdgeNode.Core.Storage;

namespace EdgeNode.IntegrationTests.Cluster;

/// <summary>An operator of an in-process HA cluster: a real node with its TCP server on 127.0.0.1, its operator, distributor and consumer.</summary>
internal sealed class HaMember(TestNode node, string home, string name, int port, int restPort, int member, int clusterNumber)
{
    /// <summary>The member's node; a new one after a restart on the same home.</summary>
    public TestNode Node { get; set; } = node;
    public string Home { get; } = home;
    public string Name { get; } = name;
    public int Port { get; } = port;
    public int RestPort { get; } = restPort;
    public int Member { get; } = member;
    public int ClusterNumber { get; } = clusterNumber;
    public string Address => $"127.0.0.1:{Port}";
    public string WatchDir => Node.Var("watch_dir")!;
    public string ArchiveDir => Node.Var("archive_dir")!;
    public string DistrDir => Node.Var("distr_dir")!;

    public Task<string> OkAsync(string line) => Node.OkAsync(line);

    public Task StartTcpAsync() => OkAsync(HaMemberScript.TcpServer(Port));

    /// <summary>Writes a data file into the watch dir as writers must (temporary name, then rename).</summary>
    public void Drop(string name, string rows) => DurableFiles.WriteAtomically(Path.Combine(WatchDir, name), Encoding.UTF8.GetBytes(rows));

    /// <summary>PUTs rows to the member's REST server as a file for its operator (mode = file); fails unless acknowledged.</summary>
    public async Task PutAsync(HttpClient http, string rows)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"http://127.0.0.1:{RestPort}/") { Content = new StringContent(rows) };
        foreach (var (header, value) in new[] { ("type", "json"), ("dbms", HaPolicies.Dbms), ("table", HaPolicies.Table), ("mode", "file"), ("User-Agent", "AnyLog/1.23") })
            request.Headers.TryAddWithoutValidation(header, value);
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"PUT to {Name} answered {(int)response.StatusCode}: {body}");
    }

    /// <summary>Rows in the table (0 before its first file created it).</summary>
    public async Task<long> CountAsync()
    {
        var dbms = Node.Node.Services.Get<IDbmsRegistry>().Find(HaPolicies.Dbms)!;
        return await dbms.GetSchemaAsync(HaPolicies.Table, TestContext.Current.CancellationToken) is null
            ? 0
            : await dbms.CountRowsAsync(HaPolicies.Table, TestContext.Current.CancellationToken);
    }

    /// <summary>The member's rows (without its own row ids and insert times), in one order, and their hash.</summary>
    public async Task<(long Count, string Hash)> RowsAsync() =>
        HaPolicies.RowsOf(await OkAsync($"sql test format = json and stat = false \"{HaPolicies.OrderedRows}\""));

    /// <summary>What the member's HA processes say and its recent errors, to explain a wait that timed out.</summary>
    public async Task<string> ExplainAsync() =>
        $"--- {Name} ---\n{await OkAsync("get distributor")}\n{await OkAsync("get consumer")}\ndistr_dir: " +
        string.Join(", ", Directory.GetFiles(DistrDir).Select(Path.GetFileName)) + "\narchive: " + string.Join(", ", ArchivedFiles().Select(Path.GetFileName)) +
        "\nerrors:\n" + string.Join("\n", Node.Node.Log.Errors.Entries().TakeLast(10).Select(e => e.Message)) +
        "\nevents:\n" + string.Join("\n", Node.Node.Log.Events.Entries().TakeLast(10).Select(e => e.Message));

    public IReadOnlyList<string> ArchivedFiles() =>
        Directory.Exists(ArchiveDir) ? Directory.GetFiles(ArchiveDir, "*.json*", SearchOption.AllDirectories) : [];
}
