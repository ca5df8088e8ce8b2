using System.Diagnostics;
using System.Globalization;
using System.Text;
using EdgeNode.Benchmarks.Network;
using EdgeNode.Core;
using EdgeNode.Core.IO;
using EdgeNode.Core.Storage;
using EdgeNode.TestSupport;

namespace EdgeNode.Benchmarks.Cluster;

/// <summary>
/// HA catch-up (issue 19): two operators of one cluster on 127.0.0.1. Member 1 ingests the rows while member 2 is down
/// (its TCP server stopped), and archives its files once it gave up sending them. Member 2 comes back and its consumer
/// pulls every file it missed (<c>file deliver</c>) and loads it; the figures are the time until member 2 holds all the
/// rows, and on the way the time until member 2 holds every missed file in its watch dir (the transfer, before the load).
/// Baselines, same run, same archived files: <c>run client (member 2) file copy</c> of each, one after the other
/// and four at a time (the delivery sends four at once); and, after the catch-up, a third operator (same options, no
/// cluster peers) loading the same files from its own watch dir: the load alone, with no HA part in it; and SQLite
/// inserting member 2's rows into a new database of the same schema (<see cref="SqliteInsertFloor"/>): the database's
/// own time for these rows, below which no load of them can go.
/// </summary>
public sealed class HaCatchUpBenchmark : IBenchmarkDriver
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(30);

    public string Name => "ha-catchup";

    public string Description => "a restarted HA member catches up through its consumer, next to a file copy of the same files  [rows=1000000 files=100]";

    public async Task RunAsync(string[] arguments)
    {
        var rows = arguments.Length > 0 ? int.Parse(arguments[0], CultureInfo.InvariantCulture) : 1_000_000;
        var fileCount = arguments.Length > 1 ? int.Parse(arguments[1], CultureInfo.InvariantCulture) : 100;
        await using var nodes = new LoopbackNodes();
        var (a, aAddress) = await nodes.StartAsync("member-1");
        var (b, bAddress) = await nodes.StartAsync("member-2");
        await SetUpAsync([a, b], [aAddress, bAddress], "bench", replicate: true);
        await LoopbackNodes.RunAsync(b, "exit tcp");

        Console.WriteLine($"HA catch-up of {rows:N0} rows in {fileCount} files on 127.0.0.1 (SQLite, {Environment.ProcessorCount} cores)");
        var ingest = Stopwatch.StartNew();
        var perFile = rows / fileCount;
        var start = DateTime.UtcNow.Date;
        var watch = a.Dictionary.Get("watch_dir")!;
        for (var f = 0; f < fileCount; f++)
            DurableFiles.WriteAtomically(Path.Combine(watch, $"test.readings.dev{f}.0.0.json"),
                Encoding.UTF8.GetBytes(HaPolicies.Rows($"d{f}", f * perFile, perFile, start)));
        var archive = a.Dictionary.Get("archive_dir")!;
        var distr = a.Dictionary.Get("distr_dir")!;
        await WaitAsync(() => Task.FromResult(ArchivedFiles(archive).Length == fileCount && Directory.GetFiles(distr).Length == 0), "member 1 archives its files");
        ingest.Stop();
        var archived = ArchivedFiles(archive);
        var megabytes = archived.Sum(f => new FileInfo(f).Length) / 1e6;
        Console.WriteLine($"{"member 1 ingests them (watch dir to archive)",-58} {ingest.Elapsed.TotalSeconds,8:F1} s");

        var copyDir = Path.Combine(b.Paths.DataDir, "tmp", "copy");
        Directory.CreateDirectory(copyDir);
        await LoopbackNodes.RunAsync(b, $"run tcp server where internal_ip = 127.0.0.1 and internal_port = {bAddress.Split(':')[1]} and bind = true");
        var sequential = await TimeAsync(async () =>
        {
            foreach (var file in archived) await CopyAsync(a, bAddress, file, copyDir);
        });
        var parallel = await TimeAsync(() => Parallel.ForEachAsync(archived, new ParallelOptions { MaxDegreeOfParallelism = 4 },
            async (file, _) => await CopyAsync(a, bAddress, file, copyDir)));
        Directory.Delete(copyDir, recursive: true);
        if (await CountAsync(b) != 0) throw new InvalidOperationException("member 2 got rows before its consumer ran: the figure would not be a catch-up");

        // the catch-up: the time until member 2 holds every file it missed (received, fsynced, renamed into its watch dir:
        // the HA transfer itself, what the copies compare with), and the time until its rows are queryable (loaded too)
        using var arrivals = new WatchDirArrivals(b.Dictionary.Get("watch_dir")!);
        arrivals.Start();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        int[] collections = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        var allocated = GC.GetTotalAllocatedBytes();
        var catchUp = await TimeAsync(async () =>
        {
            await LoopbackNodes.RunAsync(b, "run data consumer where start_date = -1d and time = 1 second");
            // a loaded file is archived after its rows are committed: count(*) (a scan of the growing table, which would
            // take CPU from the load it waits for) runs once every file is archived, and confirms the rows
            var archiveB = b.Dictionary.Get("archive_dir")!;
            await WaitAsync(async () => ArchivedFiles(archiveB).Length >= fileCount && await CountAsync(b) == rows, $"member 2 holds the {rows} rows");
        });
        if (arrivals.Count != fileCount) throw new InvalidOperationException($"{arrivals.Count} files seen arriving in member 2's watch dir, not {fileCount}");
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        allocated = GC.GetTotalAllocatedBytes() - allocated;
        collections = [GC.CollectionCount(0) - collections[0], GC.CollectionCount(1) - collections[1], GC.CollectionCount(2) - collections[2]];
        var transfer = arrivals.LastArrival;
        var local = await LocalLoadAsync(nodes, archived, rows);
        var floor = await SqliteInsertFloor.MeasureAsync(Path.Combine(b.Dictionary.Get("dbms_dir")!, HaPolicies.Dbms + ".dbms"),
            HaPolicies.Table, Path.Combine(b.Paths.DataDir, "tmp"));
        Console.WriteLine($"{"baseline: file copy of the archived files, 1 at a time",-58} {sequential,8:F1} s   ({megabytes:N0} MB)");
        Console.WriteLine($"{"baseline: file copy of the archived files, 4 at a time",-58} {parallel,8:F1} s");
        Console.WriteLine($"{"member 2 holds every missed file (consumer, file deliver)",-58} {transfer,8:F1} s   " +
                          $"({transfer / sequential:F1}x / {transfer / parallel:F1}x the copies; goal <= 2x)");
        Console.WriteLine($"{"member 2's rows are queryable (the files loaded too)",-58} {catchUp,8:F1} s   " +
                          $"({catchUp / sequential:F1}x / {catchUp / parallel:F1}x the copies, {rows / catchUp:N0} rows/s)");
        Console.WriteLine($"{"baseline: an operator loads the files from its watch dir",-58} {local,8:F1} s   " +
                          $"(the catch-up takes {catchUp / local:F2}x this local load)");
        Console.WriteLine($"{"baseline: SQLite copies member 2's rows to a new database",-58} {floor,8:F1} s   " +
                          $"(same table and indexes, one INSERT ... SELECT; {floor / sequential:F1}x the copy; the catch-up {catchUp / floor:F2}x this)");
        // the CPU both members' process used meanwhile (the transfer and the load): on a shared machine steadier than the times
        Console.WriteLine($"{"  CPU meanwhile (both members, one process)",-58} {cpu.TotalSeconds,8:F1} s   ({cpu.TotalMicroseconds / rows:F1} us a row)");
        Console.WriteLine($"{"  allocated meanwhile, collections (gen0/1/2)",-58} {allocated / 1e6,8:N0} MB  ({allocated / rows:N0} bytes a row; " +
                          $"{collections[0]}/{collections[1]}/{collections[2]})");
    }

    /// <summary>
    /// The load alone: a third operator, alone in a cluster of its own (same options, no distributor), loads copies of the
    /// archived files renamed into its watch dir; the time until its rows are queryable, counted as the catch-up counts.
    /// </summary>
    private static async Task<double> LocalLoadAsync(LoopbackNodes nodes, string[] archived, int rows)
    {
        var (node, address) = await nodes.StartAsync("member-1");
        await SetUpAsync([node], [address], "local", replicate: false);
        var staging = Path.Combine(node.Paths.DataDir, "tmp", "local");
        Directory.CreateDirectory(staging);
        foreach (var file in archived) File.Copy(file, Path.Combine(staging, Path.GetFileName(file)));
        var watch = node.Dictionary.Get("watch_dir")!;
        var archive = node.Dictionary.Get("archive_dir")!;
        return await TimeAsync(async () =>
        {
            foreach (var file in Directory.GetFiles(staging)) File.Move(file, Path.Combine(watch, Path.GetFileName(file)));
            await WaitAsync(async () => ArchivedFiles(archive).Length >= archived.Length && await CountAsync(node) == rows, $"the local operator holds the {rows} rows");
        });
    }

    /// <summary>
    /// The cluster, its operators, the table and its assignment in each member's ledger; each runs its operator and, when
    /// <paramref name="replicate"/>, the data distributor (the operator then leaves its files to it).
    /// </summary>
    private static async Task SetUpAsync(Node[] members, string[] addresses, string cluster, bool replicate)
    {
        await InsertAsync(members[0], HaPolicies.Cluster(cluster));
        var clusterId = (await LoopbackNodes.RunAsync(members[0], $"blockchain get cluster where name = {cluster} bring [cluster][id]")).Trim();
        List<string> policies = [HaPolicies.Cluster(cluster), HaPolicies.TablePolicy(), HaPolicies.TableCluster(clusterId, cluster)];
        policies.AddRange(addresses.Select((address, i) =>
            HaPolicies.Operator($"member-{i + 1}", int.Parse(address.Split(':')[1], CultureInfo.InvariantCulture), clusterId, i + 1, main: i == 0)));
        for (var i = 0; i < members.Length; i++)
        {
            var node = members[i];
            foreach (var policy in policies.Skip(i == 0 ? 1 : 0)) await InsertAsync(node, policy);
            var id = (await LoopbackNodes.RunAsync(node, $"blockchain get operator where name = member-{i + 1} bring [operator][id]")).Trim();
            await LoopbackNodes.RunAsync(node, "connect dbms almgm where type = sqlite");
            await LoopbackNodes.RunAsync(node, "create table tsd_info where dbms = almgm");
            await LoopbackNodes.RunAsync(node, $"connect dbms {HaPolicies.Dbms} where type = sqlite");
            await LoopbackNodes.RunAsync(node, $"run operator where policy = {id} and create_table = true and update_tsd_info = true and archive_json = true " +
                                               $"and distributor = {(replicate ? "true" : "false")} and threads = 2");
            if (replicate) await LoopbackNodes.RunAsync(node, "run data distributor");
        }
    }

    private static Task<string> InsertAsync(Node node, string policy)
    {
        node.Dictionary.Set("new_policy", policy);
        return LoopbackNodes.RunAsync(node, "blockchain insert where policy = !new_policy and local = true");
    }

    private static Task<string> CopyAsync(Node from, string to, string file, string directory) =>
        LoopbackNodes.RunAsync(from, $"run client ({to}, timeout = 600) file copy {file} {Path.Combine(directory, Path.GetFileName(file))}");

    private static string[] ArchivedFiles(string archive) =>
        Directory.Exists(archive) ? Directory.GetFiles(archive, "*.json*", SearchOption.AllDirectories) : [];

    private static async Task<long> CountAsync(Node node)
    {
        var dbms = node.Services.Get<IDbmsRegistry>().Find(HaPolicies.Dbms)!;
        return await dbms.GetSchemaAsync(HaPolicies.Table, CancellationToken.None) is null ? 0 : await dbms.CountRowsAsync(HaPolicies.Table, CancellationToken.None);
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed > Deadline) throw new TimeoutException($"{what}: not done within {Deadline}");
            await Task.Delay(50);
        }
    }

    private static async Task<double> TimeAsync(Func<Task> work)
    {
        var clock = Stopwatch.StartNew();
        await work();
        return clock.Elapsed.TotalSeconds;
    }
}
