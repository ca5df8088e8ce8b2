using System.Text.RegularExpressions;
using EdgeNode.Core.Hosting;
using EdgeNode.Core.Storage;
using EdgeNode.Storage.Commands;

namespace EdgeNode.IntegrationTests.Storage;

/// <summary>The shared storage tests on SQLite files, plus what only SQLite has: the .dbms file, WAL, memory databases.</summary>
public sealed class SqliteStorageTests : StorageEngineTests
{
    protected override Task<string> ConnectOptionsAsync() => Task.FromResult("type = sqlite");

    protected override string EngineType => "sqlite";

    protected override string IndexQuery(string table) => $"select name from sqlite_schema where type = 'index' and tbl_name = '{table}' and sql is not null";

    protected override int IndexCount => 3;

    [Fact]
    public async Task A_logical_dbms_is_a_wal_file_in_dbms_dir_that_keeps_rows_across_reconnects()
    {
        var file = Path.Combine(Node.Home, "EdgeLake", "data", "dbms", Db + ".dbms");
        Assert.True(File.Exists(file));
        Assert.Contains("\"journal_mode\":\"wal\"", await Node.OkAsync($"sql {Db} \"pragma journal_mode\""), StringComparison.Ordinal);
        // FULL: the WAL is synced at every commit, so a committed load survives a power loss
        Assert.Contains("\"synchronous\":2", await Node.OkAsync($"sql {Db} \"pragma synchronous\""), StringComparison.Ordinal);
        await Node.OkAsync($"sql {Db} \"{RandDataDdl}\"");
        await LoadAsync(Seconds(3));
        await Node.OkAsync($"partition {Db} rand_data using timestamp by 1 day");
        await LoadAsync(Seconds(2, Base.AddDays(-3)));
        await Node.OkAsync($"disconnect dbms {Db}");
        await Node.OkAsync($"connect dbms {Db} where type = sqlite");
        // partitions are found by name: no 'partition' command is needed to read them after a restart
        Assert.Contains("\"count(*)\":5", await Node.OkAsync($"sql {Db} \"select count(*) from rand_data\""), StringComparison.Ordinal);
        Assert.Matches($@"\|{Regex.Escape(file)}\s*\|", await LinesAsync("get databases"));
    }

    [Fact]
    public async Task A_blobs_dbms_file_is_created_with_64_kb_pages_and_page_size_sets_any_other()
    {
        await Node.OkAsync("connect dbms blobs_pages where type = sqlite");
        Assert.Contains("\"page_size\":65536", await Node.OkAsync("sql blobs_pages \"pragma page_size\""), StringComparison.Ordinal);
        await Node.OkAsync("connect dbms pages8 where type = sqlite and page_size = 8KB");
        Assert.Contains("\"page_size\":8192", await Node.OkAsync("sql pages8 \"pragma page_size\""), StringComparison.Ordinal);
        Assert.Contains("\"page_size\":4096", await Node.OkAsync($"sql {Db} \"pragma page_size\""), StringComparison.Ordinal);
        var wrong = await Node.RunAsync("connect dbms pages3 where type = sqlite and page_size = 3000");
        Assert.Equal(EdgeNode.Core.Commands.ErrorCode.WrongOptionType, wrong.Code);
        Assert.Contains("a power of two from 512 to 65536 bytes", wrong.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_connection_has_a_4_mb_page_cache_unless_cache_size_says_otherwise()
    {
        // negative: KB (SQLite's convention); 4 MB by default, the node's memory budget pays it per pooled connection
        Assert.Contains("\"cache_size\":-4096", await Node.OkAsync($"sql {Db} \"pragma cache_size\""), StringComparison.Ordinal);
        await Node.OkAsync("connect dbms cached where type = sqlite and cache_size = 32MB");
        Assert.Contains("\"cache_size\":-32768", await Node.OkAsync("sql cached \"pragma cache_size\""), StringComparison.Ordinal);
        var wrong = await Node.RunAsync("connect dbms tiny where type = sqlite and cache_size = 1KB");
        Assert.Equal(EdgeNode.Core.Commands.ErrorCode.WrongOptionType, wrong.Code);
        Assert.Contains("expected 64KB to 1GB", wrong.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Memory_dbms_lives_in_ram_and_is_owned_by_the_system()
    {
        await Node.OkAsync("connect dbms system_query where type = sqlite and memory = true");
        Assert.False(File.Exists(Path.Combine(Node.Home, "EdgeLake", "data", "dbms", "system_query.dbms")));
        await Node.OkAsync("sql system_query \"create table query_1 (a int)\"");
        await Node.OkAsync("sql system_query \"insert into query_1 values (1), (2)\"");
        Assert.Equal("{\"Query\":[{\"s\":3}]}", await Node.OkAsync("sql system_query stat = false \"select sum(a) as s from query_1\""));
        Assert.Matches(@"\nsystem_query\s*\|sqlite\s*\|system\|Local\s*\|Autocommit On, RAM, Fsync full \(after each write\)\|MEMORY\s*\|",
            await LinesAsync("get databases"));
        Assert.Contains("\"system_query\": {\"dbms_type\": \"sqlite\", \"ip_port\": \"Local\", \"storage\": \"MEMORY\"}",
            await LinesAsync("get databases where format = json"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_a_memory_trim_file_and_memory_databases_keep_their_rows_and_take_more()
    {
        await Node.OkAsync($"sql {Db} \"{RandDataDdl}\"");
        await LoadAsync(Seconds(50));
        await Node.OkAsync("connect dbms system_query where type = sqlite and memory = true");
        await Node.OkAsync("sql system_query \"create table query_1 (a int)\"");
        await Node.OkAsync("sql system_query \"insert into query_1 values (1), (2)\"");
        // a burst then a quiet tick: the idle pooled connections close (a memory database lives on in its own connection)
        var trimmer = Node.Node.Memory;
        var now = DateTimeOffset.UtcNow;
        trimmer.Sample(0, now);
        trimmer.Sample(MemoryTrimmer.BurstBytes, now.AddSeconds(1));
        Assert.True(trimmer.Sample(MemoryTrimmer.BurstBytes, now.AddSeconds(2)));
        Assert.Contains("\"count(*)\":50", await Node.OkAsync($"sql {Db} \"select count(*) from rand_data\""), StringComparison.Ordinal);
        Assert.Equal("{\"Query\":[{\"s\":3}]}", await Node.OkAsync("sql system_query stat = false \"select sum(a) as s from query_1\""));
        await LoadAsync(Seconds(5, Base.AddHours(1)));
        await Node.OkAsync("sql system_query \"insert into query_1 values (4)\"");
        Assert.Contains("\"count(*)\":55", await Node.OkAsync($"sql {Db} \"select count(*) from rand_data\""), StringComparison.Ordinal);
        Assert.Equal("{\"Query\":[{\"s\":7}]}", await Node.OkAsync("sql system_query stat = false \"select sum(a) as s from query_1\""));
    }

    [Fact]
    public async Task A_result_larger_than_the_buffer_streams_through_the_writer()
    {
        await Node.OkAsync($"sql {Db} \"{RandDataDdl}\"");
        await LoadAsync(Seconds(160_000));
        var result = await Node.RunAsync($"sql {Db} \"select timestamp, value from rand_data\"");
        Assert.False(result.IsError, result.ErrorLine);
        Assert.NotNull(result.Writer);
        Assert.Equal("", result.Text);
        var streamed = new StringWriter();
        await result.Writer(streamed, Cancel);
        var text = streamed.ToString();
        Assert.StartsWith("{\"Query\":[{\"timestamp\":\"2026-11-28 02:00:00.000000\",\"value\":1.5},", text, StringComparison.Ordinal);
        Assert.Matches(@"\],\n""Statistics"":\[\{""Count"": 160000,""Time"":""\d\d:\d\d:\d\d"",""Nodes"": 0\}\]\}$", text);
        Assert.True(text.Length > SqlCommand.BufferLimit);
    }

    [Fact]
    public async Task A_load_takes_the_writer_only_to_write_so_another_load_commits_while_it_prepares_rows()
    {
        await Node.OkAsync($"sql {Db} \"{RandDataDdl}\"");
        await using (var first = await Dbms().BeginLoadAsync("rand_data", ["timestamp", "value"], null, Cancel))
        {
            first.SetTimestamp(0, Base);
            first.SetDouble(1, 1);
            await first.AddRowAsync(Cancel);
            // SQLite has one writer: a load holding it from its start would keep this one waiting until the first commits
            Assert.Equal(3, (await LoadAsync(Seconds(3))).Rows);
            Assert.Contains("\"count(*)\":3", await Node.OkAsync($"sql {Db} \"select count(*) from rand_data\""), StringComparison.Ordinal);
            Assert.Equal(1, (await first.CommitAsync(Cancel)).Rows);
        }
        Assert.Contains("\"count(*)\":4", await Node.OkAsync($"sql {Db} \"select count(*) from rand_data\""), StringComparison.Ordinal);

        // a load of more than it keeps back (16 MB, here 40 rows of 512 KB) takes the writer on the way and writes as it goes:
        // the next load waits for its commit
        await Dbms().CreateTableAsync("CREATE TABLE wide (n INT, body VARCHAR)", Cancel);
        var body = new string('x', 512 * 1024 - 2);
        Task<BulkLoadResult> next;
        await using (var big = await Dbms().BeginLoadAsync("wide", ["n", "body"], null, Cancel))
        {
            for (var n = 0; n < 40; n++)
            {
                big.SetInt64(0, n);
                big.SetString(1, n.ToString("D2", System.Globalization.CultureInfo.InvariantCulture) + body); // texts that repeat are kept once
                await big.AddRowAsync(Cancel);
            }
            next = LoadAsync(Seconds(2, Base.AddDays(1)));
            await Task.Delay(200, Cancel);
            Assert.False(next.IsCompleted);
            Assert.Equal(40, (await big.CommitAsync(Cancel)).Rows);
        }
        Assert.Equal(2, (await next).Rows);
        Assert.Contains("\"c\":40,\"s\":20971520", await Node.OkAsync($"sql {Db} \"select count(*) as c, sum(length(body)) as s from wide\""),
            StringComparison.Ordinal);
        Assert.Contains("\"count(*)\":6", await Node.OkAsync($"sql {Db} \"select count(*) from rand_data\""), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_tables_marks_tables_declared_by_policies()
    {
        await Node.OkAsync($"sql {Db} \"{RandDataDdl}\"");
        await Node.OkAsync($"sql {Db} \"create table local_only (a int)\"");
        foreach (var table in new[] { "rand_data", "remote_only" })
        {
            Node.Node.Dictionary.Set("table_policy", new System.Text.Json.Nodes.JsonObject
            {
                ["table"] = new System.Text.Json.Nodes.JsonObject { ["name"] = table, ["dbms"] = Db, ["create"] = RandDataDdl.Replace("rand_data", table, StringComparison.Ordinal) },
            }.ToJsonString());
            await Node.OkAsync("blockchain insert where policy = !table_policy and local = true");
        }
        var tables = await LinesAsync($"get tables where dbms = {Db}");
        Assert.Matches($@"\n{Db}\s*\|local_only\s*\| V\s*\| -\s*\|\n\s+\|rand_data\s*\| V\s*\| V\s*\|\n\s+\|remote_only\s*\| -\s*\| V\s*\|", tables);
        Assert.Contains("{\"table\": \"remote_only\", \"local\": false, \"blockchain\": true}",
            await LinesAsync($"get tables where dbms = {Db} and format = json"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Time_file_computes_a_missing_hash_and_renames_files_to_the_naming_convention()
    {
        await Node.OkAsync("connect dbms almgm where type = sqlite");
        await Node.OkAsync("create table tsd_info where dbms = almgm");
        var directory = Path.Combine(Node.Home, "files");
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, "test.rand_data.json");
        await File.WriteAllTextAsync(file, "{\"value\": 1}\n", Cancel);
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes("test.rand_data{\"value\": 1}\n")));
        Assert.Equal("File registered in tsd_info with id 1", await Node.OkAsync($"time file new {file}"));
        Assert.Contains(hash, await Node.OkAsync("time file get"), StringComparison.Ordinal);

        var renamed = await Node.OkAsync($"time file rename {file} to source = 7 and hash = {hash}");
        Assert.Equal(Path.Combine(directory, $"test.rand_data.7.{hash}.0.json"), renamed);
        Assert.True(File.Exists(renamed));
        Assert.False(File.Exists(file));
        await FailsAsync($"time file rename {file} to dbms = x", Core.Commands.ErrorCode.FileNotFound);
        await FailsAsync($"time file new {Path.Combine(directory, "test.t.json")}", Core.Commands.ErrorCode.FileNotFound);
    }
}
