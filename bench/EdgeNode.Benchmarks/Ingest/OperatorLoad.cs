using System.Diagnostics;
using System.Globalization;
using System.Text;
using EdgeNode.Core;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Storage;
using EdgeNode.Ingest.Operator;

namespace EdgeNode.Benchmarks.Ingest;

/// <summary>
/// The whole operator path, as a node runs it: the rows are written as JSON files (10,000 rows each unless a case says)
/// (<c>{"timestamp": "...", "value": ...}</c>, one object per line) into the prep dir before the clock starts; the clock
/// runs from renaming them into the watch dir until the operator has loaded every row and moved every file out of the
/// watch dir. The operator runs as deployments run it: <c>update_tsd_info = true</c> (each file registered in tsd_info and
/// loaded exactly once), <c>archive_json = true</c>, two threads; the table is created from the first file's JSON (the
/// same schema as the baselines' DDL).
/// </summary>
internal sealed class OperatorLoad : IAsyncDisposable
{
    public const int RowsPerFile = 10_000;

    private readonly Node _node;
    private readonly string _engine;
    private readonly int _rowsPerFile;

    private OperatorLoad(Node node, string engine, int rowsPerFile)
    {
        _node = node;
        _engine = engine;
        _rowsPerFile = rowsPerFile;
    }

    public static async Task<OperatorLoad> StartAsync(IngestEnvironment environment, string engine, int rowsPerFile, CancellationToken cancellation)
    {
        var home = Path.Combine(environment.Directory, $"operator-{engine}-{rowsPerFile}");
        var node = NodeComposition.Create(new NodeOptions { Home = home, LocalIp = "127.0.0.1" });
        var load = new OperatorLoad(node, engine, rowsPerFile);
        await OperatorSetup.RunOperatorAsync(node, cancellation);
        if (engine == "psql")
        {
            await environment.DbmsAsync(engine, "bench", cancellation); // creates the database on the benchmark server
            var server = await environment.PostgresAsync(cancellation);
            await load.RunAsync($"connect dbms bench where type = psql and ip = {server.Host} and port = {server.Port} and user = {server.User}", cancellation);
        }
        return load;
    }

    public async Task<long> LoadAsync(string table, IngestRows rows, CancellationToken cancellation)
    {
        var dbmsName = _engine == "sqlite" ? table : "bench";
        if (_engine == "sqlite") await RunAsync($"connect dbms {dbmsName} where type = sqlite", cancellation);
        var prep = _node.Dictionary.Get("prep_dir")!;
        var watch = _node.Dictionary.Get("watch_dir")!;
        var files = WriteFiles(prep, dbmsName, table, rows, _rowsPerFile);
        var statistics = _node.Services.Get<OperatorStatistics>();
        var target = statistics.TotalRows + rows.Count;
        var clock = Stopwatch.StartNew();
        foreach (var file in files) File.Move(file, Path.Combine(watch, Path.GetFileName(file)));
        while (statistics.TotalRows < target || Directory.EnumerateFiles(watch).Any())
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(5)) throw new TimeoutException($"the operator loaded {statistics.TotalRows - target + rows.Count} of {rows.Count} rows");
            await Task.Delay(1, cancellation);
        }
        var dbms = _node.Services.Get<IDbmsRegistry>().Find(dbmsName)!;
        var count = await dbms.CountRowsAsync(table, cancellation);
        if (_engine == "sqlite") await RunAsync($"disconnect dbms {dbmsName}", cancellation);
        return count;
    }

    /// <summary>The rows as JSON files in the prep dir (not yet visible to the operator).</summary>
    private static List<string> WriteFiles(string prep, string dbms, string table, IngestRows rows, int rowsPerFile)
    {
        var files = new List<string>();
        var text = new StringBuilder(rowsPerFile * 64);
        for (var start = 0; start < rows.Count; start += rowsPerFile)
        {
            text.Clear();
            for (var i = start; i < Math.Min(rows.Count, start + rowsPerFile); i++)
                rows.AppendJson(text, i).Append('\n');
            var path = Path.Combine(prep, $"{dbms}.{table}.{start / rowsPerFile}.0.0.json");
            File.WriteAllText(path, text.ToString());
            files.Add(path);
        }
        return files;
    }

    private Task<string> RunAsync(string command, CancellationToken cancellation) => OperatorSetup.OkAsync(_node, command, cancellation);

    public ValueTask DisposeAsync() => _node.DisposeAsync();
}
