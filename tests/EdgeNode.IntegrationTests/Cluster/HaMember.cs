using System.Text;
using EdgeNode.Core.IO;
using EdgeNode.Core.Storage;

namespace EdgeNode.IntegrationTests.Cluster;

/// <summary>An operator of an in-process HA cluster: a real node with its TCP server on 127.0.0.1, its operator, distributor and consumer.</summary>
internal sealed class HaMember(TestNode node, string name, int port, int member)
{
    public TestNode Node { get; } = node;
    public string Name { get; } = name;
    public int Port { get; } = port;
    public int Member { get; } = member;
    public string Address => $"127.0.0.1:{Port}";
    public string WatchDir => Node.Var("watch_dir")!;
    public string ArchiveDir => Node.Var("archive_dir")!;
    public string DistrDir => Node.Var("distr_dir")!;

    public Task<string> OkAsync(string line) => Node.OkAsync(line);

    public Task StartTcpAsync() => OkAsync(HaMemberScript.TcpServer(Port));

    /// <summary>Writes a data file into the watch dir as writers must (temporary name, then rename).</summary>
    public void Drop(string name, string rows) => DurableFiles.WriteAtomically(Path.Combine(WatchDir, name), Encoding.UTF8.GetBytes(rows));

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
