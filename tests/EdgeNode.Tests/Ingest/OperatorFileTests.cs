using EdgeNode.Core.Commands;
using System.IO.Compression;
using System.Text;

namespace EdgeNode.Tests.Ingest;

public sealed class OperatorFileTests
{
    private static readonly string Row = OperatorNode.Rows("{\"ts\": \"2026-11-28T02:00:00Z\", \"v\": 1}");

    private static byte[] Gzip(string text)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest)) gzip.Write(Encoding.UTF8.GetBytes(text));
        return output.ToArray();
    }

    private static string Rows(int first, int count) =>
        string.Concat(Enumerable.Range(first, count).Select(i => $"{{\"ts\": \"2026-11-28T02:00:00Z\", \"v\": {i}}}\n"));

    [Fact]
    public async Task File_names_of_every_form_load_and_peer_files_keep_their_member_and_row_id()
    {
        await using var node = await OperatorNode.StartAsync("update_tsd_info = true and delete_json = true");
        var peerMember = node.Member == "7" ? "8" : "7"; // the node's own member id is drawn at random from 1-255
        node.Drop("test.names.json", Rows(1, 1));
        node.Drop("test.names.dev1.json", Rows(2, 1));
        node.Drop("test.names.dev1.0.json", Rows(3, 1));
        node.Drop("test.names.dev1.0.0.json", Rows(4, 1));
        node.Drop("test.names.dev2.0.0.json.gz", Gzip(Rows(5, 2)));
        node.Drop("test.names.dev2.0.0.gz", Gzip(Rows(7, 1)));
        node.Drop($"test.names.dev3.0.0.{peerMember}.311239.261128020011.json", Rows(8, 2));
        node.Drop("test.names.bom.json", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Rows(10, 1))]);
        await node.WaitForRowsAsync("names", 10);
        await node.WaitForWatchDirEmptyAsync();
        var peer = await node.QueryAsync("select tsd_name, tsd_id from names where v in (8, 9)");
        Assert.All(peer, r => Assert.Equal((peerMember, 311239), (r!["tsd_name"]!.GetValue<string>().Trim(), r["tsd_id"]!.GetValue<int>())));
        var own = await node.QueryAsync("select distinct tsd_name from names where v < 8 or v = 10");
        Assert.Equal(node.Member, own.Single()!["tsd_name"]!.GetValue<string>().Trim());
        Assert.Contains("311239", await node.Node.OkAsync($"time file get where tsd = tsd_{peerMember}"), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(node.ErrDir));
    }

    [Fact]
    public async Task A_file_named_with_this_members_row_id_of_another_file_loads_beside_that_files_rows()
    {
        await using var node = await OperatorNode.StartAsync("update_tsd_info = true and delete_json = true");
        node.Drop("test.owned.dev1.0.0.json", Rows(1, 3));
        await node.WaitForRowsAsync("owned", 3);
        var id = (await node.QueryAsync("select distinct tsd_id from owned")).Single()!["tsd_id"]!.GetValue<int>();

        // this member's name and that row id, numbered by a ledger that is not this one (a file pulled back from a peer
        // after the node lost its database, or from a node that had the same member id): not the file of that entry
        node.Drop($"test.owned.dev2.0.0.{node.Member}.{id}.261128020011.json", Rows(4, 2));
        await node.WaitForRowsAsync("owned", 5);
        await node.WaitForWatchDirEmptyAsync();

        Assert.Equal(5, await node.CountAsync("owned"));
        Assert.Equal(2, (await node.QueryAsync("select distinct tsd_id from owned")).Count);
        Assert.Contains(node.Node.Node.Log.Events.Entries(), e => e.Message.Contains($"names row id {id} of tsd_info, which holds another file", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bad_files_go_to_the_error_dir_with_a_reason_and_partial_names_are_never_read()
    {
        await using var node = await OperatorNode.StartAsync();
        File.WriteAllText(Path.Combine(node.WatchDir, "test.partial.0.0.0.json.transfer"), "{\"v\": ");
        File.WriteAllText(Path.Combine(node.WatchDir, "test.partial.0.0.0.json_tmp"), "{\"v\": ");
        File.WriteAllText(Path.Combine(node.WatchDir, "notes.txt"), "not data");
        node.Drop("data.json", Row);
        node.Drop("test.bad.0.0.0.9.json", Row);
        node.Drop("test.bad.0.0.0.json", "{\"ts\": \"2026-11-28T02:00:00Z\", \"v\": }\n");
        node.Drop("test.bad.dev1.0.0.json", "[1, 2]\n");
        node.Drop("test.bad.dev2.0.0.json.gz", Encoding.UTF8.GetBytes("not gzip"));
        node.Drop("nodb.table.0.0.0.json", Row);
        node.Drop("test.good.0.0.0.json", Row);
        await node.WaitForRowsAsync("good", 1);
        var errors = await node.WaitForFilesAsync(node.ErrDir, 10);
        string Reason(string start) => File.ReadAllText(Assert.Single(errors, f => Path.GetFileName(f).StartsWith(start, StringComparison.Ordinal) && f.EndsWith(".reason.txt", StringComparison.Ordinal)));
        Assert.Contains("needs at least '<dbms>.<table>'", Reason("data.err_9."), StringComparison.Ordinal);
        Assert.Contains("has 6 sections", Reason("test.bad.0.0.0.9.err_9."), StringComparison.Ordinal);
        Assert.Contains("bad JSON", Reason("test.bad.0.0.0.err_28."), StringComparison.Ordinal);
        Assert.Contains("row 1 is not a JSON object (found a number)", Reason("test.bad.dev1.0.0.err_28."), StringComparison.Ordinal);
        Assert.Contains("not a valid gzip file", Reason("test.bad.dev2.0.0.err_9."), StringComparison.Ordinal);
        Assert.Contains(errors, f => Path.GetFileName(f).StartsWith("test.bad.dev2.0.0.err_9.", StringComparison.Ordinal) && f.EndsWith(".json.gz", StringComparison.Ordinal));
        // the partial and foreign files are untouched; the file of a DBMS not connected waits for it (OperatorDefaultsTests);
        // the good file leaves the watch dir just after its rows are committed
        await OperatorNode.WaitUntilAsync(() => Task.FromResult(Directory.GetFiles(node.WatchDir).Length <= 4), "the good file left the watch dir");
        Assert.Equal(4, Directory.GetFiles(node.WatchDir).Length);
        // the file of DBMS nodb may be tried after the others (the operator's error report shows the last error's text): the
        // error log has every one
        await OperatorNode.WaitUntilAsync(async () => (await node.Node.OkAsync("get error log")).Contains(
            "Operator: file nodb.table.0.0.0.json waits for its DBMS (error 21): DBMS 'nodb' is not connected", StringComparison.Ordinal),
            "the error of the file waiting for DBMS nodb");
        Assert.Equal(0, await node.CountAsync("bad"));
        var errorsJson = System.Text.Json.Nodes.JsonNode.Parse(await node.Node.OkAsync("get operator error where format = json"))!.AsArray()[0]!.AsArray();
        Assert.Equal(6, errorsJson[0]!["counter"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_file_loaded_before_is_a_duplicate_and_its_rows_are_not_loaded_again()
    {
        await using var node = await OperatorNode.StartAsync();
        node.Drop("test.dup.0.0.0.json", Rows(1, 3));
        await node.WaitForRowsAsync("dup", 3);
        node.Drop("test.dup.0.0.0.json", Rows(1, 3));
        var errors = await node.WaitForFilesAsync(node.ErrDir, 2);
        Assert.Contains(errors, f => Path.GetFileName(f).StartsWith("test.dup.0.0.0.err_72.", StringComparison.Ordinal) && f.EndsWith(".json", StringComparison.Ordinal));
        Assert.Contains("duplicate JSON file", File.ReadAllText(errors.Single(f => f.EndsWith(".reason.txt", StringComparison.Ordinal))), StringComparison.Ordinal);
        Assert.Equal(3, await node.CountAsync("dup"));
    }

    [Fact]
    public async Task Loaded_files_are_deleted_moved_to_bkup_or_to_the_distributor_as_asked()
    {
        await using (var node = await OperatorNode.StartAsync("update_tsd_info = true"))
        {
            node.Drop("test.kept.0.0.0.json", Row);
            var kept = await node.WaitForFilesAsync(node.BkupDir, 1);
            Assert.Matches(@"^test\.kept\.0\.[0-9a-f]{32}\.0\.\d+\.1\.\d{12}\.json$", Path.GetFileName(kept[0]));
        }
        await using (var node = await OperatorNode.StartAsync("update_tsd_info = false and move_json = true and compress_json = true"))
        {
            node.Drop("test.kept.0.0.0.json", Row);
            var kept = await node.WaitForFilesAsync(node.BkupDir, 1);
            Assert.Matches(@"^test\.kept\.0\.[0-9a-f]{32}\.0\.json\.gz$", Path.GetFileName(kept[0]));
            await using var gzip = new GZipStream(File.OpenRead(kept[0]), CompressionMode.Decompress);
            Assert.Equal(Row, await new StreamReader(gzip).ReadToEndAsync(TestContext.Current.CancellationToken));
        }
        await using (var node = await OperatorNode.StartAsync("delete_json = true"))
        {
            node.Drop("test.kept.0.0.0.json", Row);
            await node.WaitForRowsAsync("kept", 1);
            await node.WaitForWatchDirEmptyAsync();
            Assert.Empty(Directory.GetFiles(node.BkupDir));
            Assert.Empty(Directory.GetFiles(node.ArchiveDir, "*", SearchOption.AllDirectories));
        }
        await using (var node = await OperatorNode.StartAsync("distributor = true"))
        {
            node.Drop("test.kept.0.0.0.json", Row);
            await node.WaitForFilesAsync(node.Node.Var("distr_dir")!, 1);
        }
    }

    [Fact]
    public async Task Limit_tables_leaves_other_tables_files_in_the_watch_dir()
    {
        await using var node = await OperatorNode.StartAsync("limit_tables = (test.wanted, other) and delete_json = true");
        node.Drop("test.unwanted.0.0.0.json", Row);
        node.Drop("test.wanted.0.0.0.json", Row);
        node.Drop("test.other.0.0.0.json", Row);
        await node.WaitForRowsAsync("wanted", 1);
        await node.WaitForRowsAsync("other", 1);
        await node.Node.OkAsync("wait 1.2");
        Assert.Equal("test.unwanted.0.0.0.json", Path.GetFileName(Assert.Single(Directory.GetFiles(node.WatchDir))));
        Assert.Equal(0, await node.CountAsync("unwanted"));
    }

    [Fact]
    public async Task Many_files_of_several_tables_load_on_three_threads_each_exactly_once()
    {
        await using var node = await OperatorNode.StartAsync("update_tsd_info = true and delete_json = true and threads = 3");
        for (var f = 0; f < 30; f++) node.Drop($"test.multi{f % 3}.dev{f}.0.0.json", Rows(f * 100, 100));
        for (var t = 0; t < 3; t++) await node.WaitForRowsAsync($"multi{t}", 1000);
        await node.WaitForWatchDirEmptyAsync();
        Assert.Empty(Directory.GetFiles(node.ErrDir));
        Assert.Equal(3, System.Text.Json.Nodes.JsonNode.Parse(await node.Node.OkAsync("blockchain get table"))!.AsArray().Count);
        var pool = "";
        await OperatorNode.WaitUntilAsync(async () => (pool = await node.Node.OkAsync("get operator pool")).EndsWith("(30)", StringComparison.Ordinal),
            "30 files handled", explain: () => $"last seen: {pool}");
        Assert.Matches(@"^Operator Pool with 3 threads: +\[0, 0, 0\] \(30\)$", await node.Node.OkAsync("get operator pool"));
        var distinct = await node.QueryAsync("select count(distinct v) as n from multi1");
        Assert.Equal(1000, distinct[0]!["n"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_missing_table_is_created_from_its_table_policy_and_create_table_false_refuses_unknown_tables()
    {
        await using var node = await OperatorNode.StartAsync("create_table = false and delete_json = true");
        node.Node.Node.Dictionary.Set("p", "{\"table\": {\"name\": \"declared\", \"dbms\": \"test\", \"create\": \"CREATE TABLE IF NOT EXISTS declared(  row_id SERIAL PRIMARY KEY,  " +
                                          "insert_timestamp TIMESTAMP NOT NULL DEFAULT NOW(),  tsd_name CHAR(3),  tsd_id INT,  ts timestamp not null default now(),  v float );\"}}");
        await node.Node.OkAsync("blockchain insert where policy = !p and local = true");
        node.Drop("test.declared.0.0.0.json", Row);
        node.Drop("test.undeclared.0.0.0.json", Row);
        await node.WaitForRowsAsync("declared", 1);
        Assert.Contains("v               |float", await node.Node.OkAsync("get columns where dbms = test and table = declared"), StringComparison.Ordinal);
        var errors = await node.WaitForFilesAsync(node.ErrDir, 2);
        Assert.Contains("create_table = false", File.ReadAllText(errors.Single(f => f.EndsWith(".reason.txt", StringComparison.Ordinal))), StringComparison.Ordinal);
        Assert.Contains(errors, f => Path.GetFileName(f).StartsWith("test.undeclared.0.0.0.err_24.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sql_files_run_in_one_transaction_and_write_immediate_files_are_only_archived()
    {
        await using var node = await OperatorNode.StartAsync("update_tsd_info = false and archive_json = true and move_sql = true");
        node.Drop("test.rows.0.0.0.json", Row);
        await node.WaitForRowsAsync("rows", 1);
        node.Drop("test.rows.0.0.0123456789abcdef0123456789abcdef.0.5.1.261128020011.1795831211.insert.sql",
            "INSERT INTO rows (insert_timestamp, tsd_name, tsd_id, ts, v) VALUES ('2026-11-28 02:00:11.000000', '5', 1, '2026-11-28 02:00:00.000000', 2),\n" +
            "('2026-11-28 02:00:11.000000', '5', 1, '2026-11-28 02:00:01.000000', 3);");
        await node.WaitForRowsAsync("rows", 3);
        var sql = await node.WaitForFilesAsync(node.BkupDir, 1);
        Assert.EndsWith(".sql.gz", sql[0], StringComparison.Ordinal);
        node.Drop($"test.rows.0.0123456789abcdef0123456789abcdef.0.@.17.261128020011.json", Row);
        await node.WaitForFilesAsync(node.ArchiveDir, 2);
        var archived = Directory.GetFiles(Path.Combine(node.ArchiveDir, "26", "11", "28"));
        Assert.Contains(archived, f => Path.GetFileName(f) == $"test.rows.0.0123456789abcdef0123456789abcdef.0.{node.Member}.17.261128020011.json");
        Assert.Equal(3, await node.CountAsync("rows"));
        await OperatorNode.WaitUntilAsync(async () =>
            System.Text.Json.Nodes.JsonNode.Parse(await node.Node.OkAsync("get operator json where format = json"))!.AsArray()[0]!["test"]!["rows"]![1]!
                .GetValue<int>() == 1, "the immediate file counted");
        Assert.Contains("test|rows |    2|", await node.Node.OkAsync("get operator sql"), StringComparison.Ordinal); // the JSON load and the SQL file
    }

    [Fact]
    public async Task Run_operator_checks_its_policy_tsd_info_threads_and_refuses_a_second_start()
    {
        await using var node = await OperatorNode.StartAsync(run: false);
        var unknown = await node.Node.RunAsync("run operator where policy = 00000000000000000000000000000000");
        Assert.Equal(ErrorCode.PolicyNotFound, unknown.Code);
        var cluster = await node.Node.RunAsync($"run operator where policy = {OperatorNode.ClusterId}");
        Assert.Equal(ErrorCode.PolicyError, cluster.Code);
        Assert.Equal(ErrorCode.WrongOptionType, (await node.Node.RunAsync($"run operator where policy = {OperatorNode.OperatorId} and threads = 11")).Code);
        await node.Node.OkAsync("drop table tsd_info where dbms = almgm");
        var noTsd = await node.Node.RunAsync($"run operator where policy = {OperatorNode.OperatorId} and update_tsd_info = true");
        Assert.Equal(ErrorCode.TableNotFound, noTsd.Code);
        Assert.Contains("create table tsd_info where dbms = almgm", noTsd.ErrorLine, StringComparison.Ordinal);
        var started = await node.RunOperatorAsync("");
        Assert.Contains("without a TCP server", started, StringComparison.Ordinal);
        Assert.Equal(ErrorCode.ProcessAlreadyRunning, (await node.Node.RunAsync($"run operator where policy = {OperatorNode.OperatorId}")).Code);
    }

    [Fact]
    public async Task Flush_streaming_makes_the_operator_flush_buffers_past_their_threshold_without_a_streamer()
    {
        await using var node = await OperatorNode.StartAsync("flush_streaming = true and delete_json = true");
        await node.Node.OkAsync("set buffer threshold where time = 1 second and volume = 1MB");
        var streamer = node.Node.Node.Services.Get<EdgeNode.Ingest.Streaming.Streamer>();
        await streamer.AddRowsAsync(new("test", "streamed", "0", "0"), Encoding.UTF8.GetBytes(Rows(1, 4)), 4, TestContext.Current.CancellationToken);
        Assert.Contains("Streamer       |Not declared", await node.Node.OkAsync("get processes"), StringComparison.Ordinal);
        await node.WaitForRowsAsync("streamed", 4);
    }

    [Fact]
    public async Task Directories_file_types_company_and_sql_archiving_follow_the_options()
    {
        await using var node = await OperatorNode.StartAsync(run: false);
        var root = Path.Combine(node.Node.Home, "custom");
        string Dir(string name) => Directory.CreateDirectory(Path.Combine(root, name)).FullName;
        var (watch, errors, archive) = (Dir("watch"), Dir("errors"), Dir("archive"));
        await node.RunOperatorAsync($"watch_dir = {watch} and err_dir = {errors} and archive_dir = {archive} and archive_json = true and " +
                                    "archive_sql = true and compress_sql = false and file_type = (json, sql) and company = \"Other Co\" and blockchain = ethereum");
        void Drop(string name, byte[] content) => EdgeNode.Core.IO.DurableFiles.WriteAtomically(Path.Combine(watch, name), content);
        Drop("test.custom.0.0.0.json", Encoding.UTF8.GetBytes(Row));
        await node.WaitForRowsAsync("custom", 1);
        Drop("test.custom.0.0.0.0.5.1.261128020011.sql", Encoding.UTF8.GetBytes(
            "INSERT INTO custom (insert_timestamp, tsd_name, tsd_id, ts, v) VALUES ('2026-11-28 02:00:11.000000', '5', 1, '2026-11-28 02:00:00.000000', 2);"));
        Drop("test.custom.1.0.0.json.gz", Gzip(Row));
        Drop("test.custom.0.0.0.0.0.json", Encoding.UTF8.GetBytes(Row));
        await node.WaitForRowsAsync("custom", 2);
        var archived = await node.WaitForFilesAsync(archive, 2);
        Assert.Contains(archived, f => f.EndsWith(".json", StringComparison.Ordinal));
        Assert.Contains(archived, f => f.EndsWith("test.custom.0.0.0.0.5.1.261128020011.sql", StringComparison.Ordinal));
        await node.WaitForFilesAsync(errors, 2);
        Assert.Equal("test.custom.1.0.0.json.gz", Path.GetFileName(Assert.Single(Directory.GetFiles(watch)))); // gz is not a type taken
        Assert.Empty(Directory.GetFiles(node.WatchDir));
        var cluster = System.Text.Json.Nodes.JsonNode.Parse(await node.Node.OkAsync($"blockchain get cluster where parent = {OperatorNode.ClusterId}"))!;
        Assert.Equal("Other Co", cluster[0]!["cluster"]!["company"]!.GetValue<string>());
    }
}
