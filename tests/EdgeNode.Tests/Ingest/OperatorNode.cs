using System.Text;
using System.Text.Json.Nodes;
using EdgeNode.Core.IO;
using EdgeNode.Core.Storage;
using EdgeNode.Tests.Metadata;

namespace EdgeNode.Tests.Ingest;

/// <summary>
/// A real node set up as an EdgeLake operator is, through the command language: almgm with tsd_info, a user DBMS, the
/// reference cluster and operator policies in the ledger, then <c>run operator where ...</c>. Files are dropped into the
/// watch dir as writers must (temporary name, then rename) and the tests wait on conditions, never fixed sleeps.
/// </summary>
internal sealed class OperatorNode : IAsyncDisposable
{
    public const string Dbms = "test";

    private OperatorNode(TestNode node) => Node = node;

    public TestNode Node { get; }

    /// <summary>The cluster member id the ledger gave the operator policy (the <c>tsd_name</c> of its rows).</summary>
    public string Member { get; private set; } = "";

    public string WatchDir => Node.Var("watch_dir")!;
    public string ErrDir => Node.Var("err_dir")!;
    public string ArchiveDir => Node.Var("archive_dir")!;
    public string BkupDir => Node.Var("bkup_dir")!;
    public string Ledger => Node.Var("blockchain_file")!;

    /// <summary>A node with the operator running; <paramref name="options"/> are added to <c>run operator where policy = ..</c>.</summary>
    public static async Task<OperatorNode> StartAsync(string options = "update_tsd_info = true and archive_json = true", string? connect = null,
        bool run = true)
    {
        var node = new OperatorNode(new TestNode());
        await node.Node.OkAsync("create work directories");
        await node.Node.OkAsync("connect dbms almgm where type = sqlite");
        await node.Node.OkAsync("create table tsd_info where dbms = almgm");
        await node.Node.OkAsync($"connect dbms {Dbms} where {connect ?? "type = sqlite"}");
        await MetadataFixture.InsertOkAsync(node.Node, MetadataFixture.Cluster);
        await MetadataFixture.InsertOkAsync(node.Node, MetadataFixture.Operator);
        node.Member = (await node.Node.OkAsync("blockchain get operator bring [operator][member]")).Trim();
        if (run) await node.RunOperatorAsync(options);
        return node;
    }

    public Task<string> RunOperatorAsync(string options) =>
        Node.OkAsync($"run operator where policy = {MetadataFixture.OperatorId}" + (options.Length > 0 ? " and " + options : ""));

    /// <summary>Writes a data file into the watch dir the way writers must: under a temporary name, then renamed.</summary>
    public string Drop(string name, string content) => Drop(name, Encoding.UTF8.GetBytes(content));

    public string Drop(string name, byte[] content)
    {
        var path = Path.Combine(WatchDir, name);
        DurableFiles.WriteAtomically(path, content);
        return path;
    }

    public static string Rows(params string[] rows) => string.Concat(rows.Select(r => r + "\n"));

    public IDbms Database(string name = Dbms) => Node.Node.Services.Get<IDbmsRegistry>().Find(name)!;

    public async Task<long> CountAsync(string table, string dbms = Dbms)
    {
        var database = Database(dbms);
        return await database.GetSchemaAsync(table, Token) is null ? 0 : await database.CountRowsAsync(table, Token);
    }

    public async Task WaitForRowsAsync(string table, long rows, string dbms = Dbms)
    {
        await WaitUntilAsync(async () => await CountAsync(table, dbms) >= rows, $"{rows} rows in {dbms}.{table}", explain: ErrorReasons);
        Assert.Equal(rows, await CountAsync(table, dbms));
    }

    /// <summary>Waits until the watch dir is empty (every file loaded or moved aside).</summary>
    public Task WaitForWatchDirEmptyAsync() =>
        WaitUntilAsync(() => Task.FromResult(Directory.GetFiles(WatchDir).Length == 0), "an empty watch dir");

    public Task<string[]> WaitForFilesAsync(string directory, int count, string pattern = "*") =>
        WaitForAsync(() => Directory.Exists(directory)
                ? Directory.GetFiles(directory, pattern, SearchOption.AllDirectories).Where(f => !f.EndsWith(DurableFiles.PartialSuffix, StringComparison.Ordinal)).ToArray()
                : [],
            files => files.Length >= count, $"{count} files in {directory}");

    /// <summary>Rows of a local query (<c>sql test format = json</c>), as JSON objects.</summary>
    public async Task<JsonArray> QueryAsync(string sql, string dbms = Dbms)
    {
        var text = await Node.OkAsync($"sql {dbms} format = json \"{sql}\"");
        return JsonNode.Parse(text)!["Query"]!.AsArray();
    }

    /// <summary>The reasons of the files in the error dir (to explain a wait that timed out).</summary>
    public string ErrorReasons() =>
        Directory.Exists(ErrDir) ? string.Join("\n", Directory.GetFiles(ErrDir, "*.reason.txt").Select(File.ReadAllText)) : "";

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, int seconds = 20, Func<string>? explain = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"timed out waiting for {what}. {explain?.Invoke()}");
            await Task.Delay(20, Token);
        }
    }

    private static async Task<T> WaitForAsync<T>(Func<T> read, Func<T, bool> done, string what)
    {
        var value = read();
        await WaitUntilAsync(() => Task.FromResult(done(value = read())), what);
        return value;
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => Node.DisposeAsync();
}
