using System.Net;
using System.Text.Json.Nodes;
using EdgeNode.Core.Hosting;

namespace EdgeNode.IntegrationTests.Cluster;

/// <summary>
/// An operator of an HA cluster run as a real node process (<see cref="HaProcessNetwork"/>) on a home the network owns,
/// so a test can SIGKILL it and start it again on the same home, ports and ledger.
/// </summary>
internal sealed class HaProcessMember(string home, string name, int port, int restPort, int member, int clusterNumber) : IAsyncDisposable
{
    public NodeProcess Process { get; private set; } = null!;
    public string Home { get; } = home;
    public string Name { get; } = name;
    public int Port { get; } = port;
    public int Member { get; } = member;
    public int ClusterNumber { get; } = clusterNumber;
    public string Address => $"127.0.0.1:{Port}";
    public RestEndpoint Rest { get; } = new(restPort);

    /// <summary>The device the test's rows PUT to this member carry (<c>m&lt;member id&gt;</c>).</summary>
    public string Device => $"m{Member}";

    public string WatchDir => Path.Combine(new NodePaths(Home).DataDir, "watch");
    public string DistrDir => Path.Combine(new NodePaths(Home).DataDir, "distr");

    /// <summary>Starts the node process on the member's home and runs its start script (<see cref="HaMemberScript"/>).</summary>
    public async Task StartAsync(string master)
    {
        Process = NodeProcess.Start(Home);
        foreach (var command in HaMemberScript.BeforeLedger(Port, master)) await Process.OkAsync(command, NodeProcess.EventBudget);
        await HaProcessNetwork.WaitForLedgerAsync(Process, Name);
        foreach (var command in HaMemberScript.AfterLedger(Name, Rest.Port, consumer: true)) await Process.OkAsync(command, NodeProcess.EventBudget);
    }

    /// <summary>SIGKILL, as a crash or an OOM kill ends a node: nothing is flushed or closed.</summary>
    public async Task KillAsync()
    {
        Process.Signal(9);
        Assert.True(await Process.WaitForExitAsync(NodeProcess.EventBudget), $"{Name} did not die on SIGKILL");
    }

    /// <summary>PUTs rows as a file for the operator (mode = file); true when the member acknowledged them (200).</summary>
    public async Task<bool> TryPutAsync(string rows)
    {
        try
        {
            var (status, _) = await Rest.SendAsync(HttpMethod.Put, null, rows, ("type", "json"), ("dbms", HaPolicies.Dbms), ("table", HaPolicies.Table), ("mode", "file"));
            return status == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false; // refused or reset: the node is down
        }
    }

    public async Task PutAsync(string rows) => Assert.True(await TryPutAsync(rows), $"{Name} did not acknowledge a PUT");

    /// <summary>The rows of the member's own database (its local <c>sql</c>) matching <paramref name="where"/>; 0 before the table exists.</summary>
    public async Task<long> CountAsync(string where = "")
    {
        var text = await Process.RunAsync($"sql {HaPolicies.Dbms} format = json and stat = false \"select count(*) as n from {HaPolicies.Table}{where}\"", NodeProcess.EventBudget);
        return text.Contains("\"Query\"", StringComparison.Ordinal) ? (long)JsonNode.Parse(text[text.IndexOf('{', StringComparison.Ordinal)..])!["Query"]![0]!["n"]! : 0;
    }

    /// <summary>Rows PUT to this member itself (its device), loaded by it.</summary>
    public Task<long> OwnRowsAsync() => CountAsync($" where device = '{Device}'");

    /// <summary>Count and hash of the member's ordered rows (<see cref="HaPolicies.OrderedRows"/>).</summary>
    public async Task<(long Count, string Hash)> RowsAsync() =>
        HaPolicies.RowsOf(await Process.OkAsync($"sql {HaPolicies.Dbms} format = json and stat = false \"{HaPolicies.OrderedRows}\"", NodeProcess.EventBudget));

    /// <summary>The seq numbers of the member's rows of one device, in order.</summary>
    public async Task<List<long>> SeqsAsync(string device)
    {
        var text = await Process.OkAsync($"sql {HaPolicies.Dbms} format = json and stat = false \"select seq from {HaPolicies.Table} where device = '{device}' order by seq\"",
            NodeProcess.EventBudget);
        return text.Contains("\"Query\"", StringComparison.Ordinal)
            ? JsonNode.Parse(text[text.IndexOf('{', StringComparison.Ordinal)..])!["Query"]!.AsArray().Select(r => (long)r!["seq"]!).ToList()
            : [];
    }

    /// <summary>Data files still waiting in the watch dir or <c>distr_dir</c> (not loaded, or not sent to every peer yet).</summary>
    public int PendingFiles() =>
        new[] { WatchDir, DistrDir }.Where(Directory.Exists).Sum(d => Directory.GetFiles(d, "*.json*").Length);

    /// <summary>What the member's HA processes say, to explain a wait that timed out.</summary>
    public async Task<string> ExplainAsync() =>
        Process.HasExited
            ? $"--- {Name}: exited ---"
            : $"--- {Name} ({Address}) ---\n{await Process.RunAsync("get distributor", NodeProcess.EventBudget)}\n{await Process.RunAsync("get consumer", NodeProcess.EventBudget)}\n" +
              $"pending files: {PendingFiles()}\n" + string.Join(", ", (await Process.RunAsync("get error log", NodeProcess.EventBudget)).Split('\n').TakeLast(10));

    public async ValueTask DisposeAsync()
    {
        await Rest.DisposeAsync();
        if (Process is not null) await Process.DisposeAsync();
    }
}
