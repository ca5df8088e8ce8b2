using System.Text;
using System.Text.Json.Nodes;
using EdgeNode.Core.IO;
using EdgeNode.Core.Storage;

namespace EdgeNode.TestSupport;

/// <summary>
/// A real node set up as an EdgeLake operator is, through the command language: almgm with tsd_info, a user DBMS, the
/// reference cluster and operator policies in the ledger, then <c>run operator where ...</c>. Files are dropped into the
/// watch dir as writers must (temporary name, then rename) and the tests wait on conditions, never fixed sleeps.
/// </summary>
public sealed class OperatorNode : IAsyncDisposable
{

    /// <summary>The cluster and operator policies of the reference EdgeLake node (blockchain_get_all_final.txt) and their ids.</summary>
    public const string ClusterPolicy = "{\"cluster\": {\"company\": \"Baseline Co\", \"name\": \"baseline-cluster\", \"status\": \"active\"}}";
    public const string ClusterId = "0308c4344e75f77092d7b396812545e4";

    public const string OperatorPolicy =
        "{\"operator\": {\"name\": \"el-baseline\", \"company\": \"Baseline Co\", \"hostname\": \"vm\", \"ip\": \"127.0.0.1\", \"port\": 32148, " +
        "\"rest_port\": 32149, \"cluster\": \"0308c4344e75f77092d7b396812545e4\", \"main\": true, \"loc\": \"0.0, 0.0\", \"country\": \"Unknown\", " +
        "\"state\": \"Unknown\", \"city\": \"Unknown\"}}";
    public const string OperatorId = "ac0e98e456ee941767c00dbc9addf474";

    private OperatorNode(TestNode node) => Node = node;

    public TestNode Node { get; }

    /// <summary>The user DBMS the tests load into (<c>test</c>, or a unique PostgreSQL database).</summary>
    public string Dbms { get; private init; } = "test";

    /// <summary>The cluster member id the ledger gave the operator policy (the <c>tsd_name</c> of its rows).</summary>
    public string Member { get; private set; } = "";

    public string WatchDir => Node.Var("watch_dir")!;
    public string ErrDir => Node.Var("err_dir")!;
    public string ArchiveDir => Node.Var("archive_dir")!;
    public string BkupDir => Node.Var("bkup_dir")!;
    public string Ledger => Node.Var("blockchain_file")!;

    /// <summary>A node with the operator running; <paramref name="options"/> are added to <c>run operator where policy = ..</c>.</summary>
    public static async Task<OperatorNode> StartAsync(string options = "update_tsd_info = true and archive_json = true", string? connect = null,
        bool run = true, string dbms = "test")
    {
        var node = new OperatorNode(new TestNode()) { Dbms = dbms };
        await node.Node.OkAsync("create work directories");
        await node.Node.OkAsync("connect dbms almgm where type = sqlite");
        await node.Node.OkAsync("create table tsd_info where dbms = almgm");
        await node.Node.OkAsync($"connect dbms {dbms} where {connect ?? "type = sqlite"}");
        await node.InsertPolicyAsync(ClusterPolicy);
        await node.InsertPolicyAsync(OperatorPolicy);
        node.Member = (await node.Node.OkAsync("blockchain get operator bring [operator][member]")).Trim();
        if (run) await node.RunOperatorAsync(options);
        return node;
    }

    public Task<string> RunOperatorAsync(string options) =>
        Node.OkAsync($"run operator where policy = {OperatorId}" + (options.Length > 0 ? " and " + options : ""));

    /// <summary>Adds a policy to the local ledger as deployment scripts do (<c>blockchain insert ... and local = true</c>).</summary>
    public Task<string> InsertPolicyAsync(string policy)
    {
        Node.Node.Dictionary.Set("new_policy", policy);
        return Node.OkAsync("blockchain insert where policy = !new_policy and local = true");
    }

    /// <summary>Writes a data file into the watch dir the way writers must: under a temporary name, then renamed.</summary>
    public string Drop(string name, string content) => Drop(name, Encoding.UTF8.GetBytes(content));

    /// <summary>
    /// Puts a file in the watch dir. A file of the same name still there is the operator's to load: it is waited for, not
    /// replaced (replacing it while the operator loads it would swap the rows under the operator's feet).
    /// </summary>
    public string Drop(string name, byte[] content)
    {
        var path = Path.Combine(WatchDir, name);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (File.Exists(path))
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"{name} stayed in the watch dir for 60 seconds. {ErrorReasons()}");
            Thread.Sleep(20);
        }
        DurableFiles.WriteAtomically(path, content);
        return path;
    }

    public static string Rows(params string[] rows) => string.Concat(rows.Select(r => r + "\n"));

    public IDbms Database(string? name = null) => Node.Node.Services.Get<IDbmsRegistry>().Find(name ?? Dbms)!;

    public async Task<long> CountAsync(string table, string? dbms = null)
    {
        var database = Database(dbms);
        return await database.GetSchemaAsync(table, Token) is null ? 0 : await database.CountRowsAsync(table, Token);
    }

    public async Task WaitForRowsAsync(string table, long rows, string? dbms = null)
    {
        dbms ??= Dbms;
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
    public async Task<JsonArray> QueryAsync(string sql, string? dbms = null)
    {
        var text = await Node.OkAsync($"sql {dbms ?? Dbms} format = json \"{sql}\"");
        return JsonNode.Parse(text)!["Query"]!.AsArray();
    }

    /// <summary><c>get operator error</c> as JSON (the text table wraps long error texts).</summary>
    public Task<string> OperatorErrorsAsync() => Node.OkAsync("get operator error where format = json");

    /// <summary>The reasons of the files in the error dir (to explain a wait that timed out).</summary>
    public string ErrorReasons() =>
        Directory.Exists(ErrDir) ? string.Join("\n", Directory.GetFiles(ErrDir, "*.reason.txt").Select(File.ReadAllText)) : "";

    /// <summary>Waits for a condition of the node (the wait ends as soon as it holds; the budget allows a loaded 2-core machine).</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, int seconds = 60, Func<string>? explain = null)
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
