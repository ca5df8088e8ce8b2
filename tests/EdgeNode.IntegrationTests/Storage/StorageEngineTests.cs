using EdgeNode.Core.Commands;
using EdgeNode.Core.Storage;

namespace EdgeNode.IntegrationTests.Storage;

/// <summary>
/// The storage commands and the bulk-load API driven as a user and the operator drive them, asserting on tables, rows
/// and outputs. Each test runs on SQLite and on PostgreSQL (the derived classes say how to connect).
/// </summary>
public abstract class StorageEngineTests : IAsyncLifetime
{
    /// <summary>The table policy DDL a real EdgeLake operator created (reference blockchain_get_table.txt).</summary>
    protected const string RandDataDdl =
        "CREATE TABLE IF NOT EXISTS rand_data(  row_id SERIAL PRIMARY KEY,  insert_timestamp TIMESTAMP NOT NULL DEFAULT NOW(),  tsd_name CHAR(3),  " +
        "tsd_id INT,  timestamp timestamp not null default now(),  value decimal ); CREATE INDEX rand_data_timestamp_index ON rand_data(timestamp); " +
        "CREATE INDEX rand_data_tsd_index ON rand_data(tsd_name, tsd_id); CREATE INDEX rand_data_insert_timestamp_index ON rand_data(insert_timestamp);";

    private static readonly string[] LoadColumns = ["insert_timestamp", "tsd_name", "tsd_id", "timestamp", "value"];

    protected TestNode Node { get; } = new();

    /// <summary>Logical DBMS names used by the test, unique on a shared PostgreSQL server.</summary>
    protected string Db { get; } = PostgresFixture.UniqueDatabase("db");

    /// <summary>The where-clause options that connect a DBMS on this engine (known after <see cref="InitializeAsync"/>).</summary>
    protected string ConnectOptions { get; private set; } = "";

    protected abstract Task<string> ConnectOptionsAsync();

    protected abstract string EngineType { get; }

    /// <summary>A query listing the index names of a table (one row per index).</summary>
    protected abstract string IndexQuery(string table);

    /// <summary>Indexes of rand_data: three declared, plus the primary key's on PostgreSQL.</summary>
    protected abstract int IndexCount { get; }

    protected CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        ConnectOptions = await ConnectOptionsAsync();
        await Node.OkAsync($"connect dbms {Db} where {ConnectOptions}");
    }

    public async ValueTask DisposeAsync() => await Node.DisposeAsync();

    /// <summary>Runs a command that must succeed; its output with LF line ends (tables print CRLF as EdgeLake's do).</summary>
    protected async Task<string> LinesAsync(string line) => (await Node.OkAsync(line)).ReplaceLineEndings("\n");

    protected IDbms Dbms(string? name = null) => Node.Node.Services.Get<IDbmsRegistry>().Find(name ?? Db)!;

    protected async Task<CommandResult> FailsAsync(string line, ErrorCode code)
    {
        var result = await Node.RunAsync(line);
        Assert.True(result.IsError, $"'{line}' should fail but printed: {result.Text}");
        Assert.Equal(code, result.Code);
        return result;
    }

    /// <summary>Loads rows (timestamp, value) through the bulk-load API, as the operator does.</summary>
    protected async Task<BulkLoadResult> LoadAsync(IEnumerable<(DateTime Timestamp, double Value)> rows, string tsdName = "0", long tsdId = 0,
        bool replace = false, DateTime? inserted = null)
    {
        var options = replace ? new BulkLoadOptions { ReplaceTsdName = tsdName, ReplaceTsdId = tsdId } : null;
        await using var load = await Dbms().BeginLoadAsync("rand_data", LoadColumns, options, Cancel);
        foreach (var (timestamp, value) in rows)
        {
            load.SetTimestamp(0, inserted ?? DateTime.UtcNow);
            load.SetString(1, tsdName);
            load.SetInt64(2, tsdId);
            load.SetTimestamp(3, timestamp);
            load.SetDouble(4, value);
            await load.AddRowAsync(Cancel);
        }
        return await load.CommitAsync(Cancel);
    }

    protected static readonly DateTime Base = new(2026, 11, 28, 2, 0, 0, DateTimeKind.Utc);

    protected static IEnumerable<(DateTime, double)> Seconds(int count, DateTime? start = null) =>
        Enumerable.Range(0, count).Select(i => ((start ?? Base).AddSeconds(i), 1.5 + i));

    [Fact]
    public async Task Sql_returns_json_table_list_and_output_formats_exactly()
    {
        await Node.OkAsync($"sql {Db} \"{RandDataDdl}\"");
        await LoadAsync([(Base, 1.5), (Base.AddSeconds(1), 2.5), (Base.AddSeconds(2), 3.25)]);

        var json = await Node.OkAsync($"sql {Db} \"select timestamp, value from rand_data order by timestamp\"");
        Assert.Equal("{\"Query\":[{\"timestamp\":\"2026-11-28 02:00:00.000000\",\"value\":1.5},{\"timestamp\":\"2026-11-28 02:00:01.000000\",\"value\":2.5}," +
                     "{\"timestamp\":\"2026-11-28 02:00:02.000000\",\"value\":3.25}],\n\"Statistics\":[{\"Count\": 3,\"Time\":\"00:00:00\",\"Nodes\": 0}]}", QueryReplies.Untimed(json));

        var table = await Node.OkAsync($"sql {Db} format = table \"select timestamp, value from rand_data order by timestamp\"");
        Assert.Equal("\ntimestamp                  value\n-------------------------- ----- \n2026-11-28 02:00:00.000000   1.5 \n" +
                     "2026-11-28 02:00:01.000000   2.5 \n2026-11-28 02:00:02.000000  3.25 \n\n{\"Statistics\":[{\"Count\": 3,\n" +
                     "                \"Time\":\"00:00:00\",\n                \"Nodes\": 0}]}", QueryReplies.Untimed(table));

        Assert.Equal("{\"Query\":[{\"count(*)\":3}]}", await Node.OkAsync($"sql {Db} format = json and stat = false \"select count(*) from rand_data\""));
        // json:list and json:output: a row a line, then the statistics unless stat = false, as EdgeLake's local sql prints them
        Assert.Equal("[{\"v\":1.5},\n{\"v\":2.5}]\n{\"Statistics\":[{\"Count\": 2,\"Time\":\"00:00:00\",\"Nodes\": 0}]}",
            QueryReplies.Untimed(await Node.OkAsync($"sql {Db} format = json:list \"select value as v from rand_data where value < 3 order by value\"")));
        Assert.Equal("{\"v\":1.5}\n{\"v\":2.5}", await Node.OkAsync($"sql {Db} format = json:output and stat = false \"select value as v from rand_data where value < 3 order by value\""));
        Assert.Equal("{\"v\":1.5}\n{\"v\":2.5}\n{\"Statistics\":[{\"Count\": 2,\"Time\":\"00:00:00\",\"Nodes\": 0}]}",
            QueryReplies.Untimed(await Node.OkAsync($"sql {Db} format = json:output \"select value as v from rand_data where value < 3 order by value\"")));
        // no rows: only the statistics, as EdgeLake's local sql prints them
        Assert.Equal("\n{\"Statistics\":[{\"Count\": 0,\n                \"Time\":\"00:00:00\",\n                \"Nodes\": 0}]}",
            QueryReplies.Untimed(await Node.OkAsync($"sql {Db} \"select value from rand_data where value > 100\"")));
    }

    [Fact]
    public async Task Get_databases_tables_and_columns_show_the_connection_and_schema()
    {
        await Node.OkAsync($"sql {Db} \"{RandDataDdl}\"");
        var databases = await LinesAsync("get databases");
        Assert.Contains("Active DBMS Connections", databases, StringComparison.Ordinal);
        Assert.Matches($@"\n{Db}\s*\|{EngineType}\s*\|user\s*\|", databases);
        var json = await LinesAsync("get databases where format = json");
        Assert.Contains($"\"{Db}\": {{\"dbms_type\": \"{EngineType}\"", json, StringComparison.Ordinal);

        var tables = await LinesAsync($"get tables where dbms = {Db}");
        Assert.Matches($@"\n{Db}\s*\|rand_data\s*\| V\s+\| -\s+\|", tables);

        var columns = await LinesAsync($"get columns where dbms = {Db} and table = rand_data");
        Assert.StartsWith($"\nSchema for DBMS: '{Db}' and Table: 'rand_data'\nColumn Name      Column Type", columns, StringComparison.Ordinal);
        Assert.Contains("insert_timestamp|timestamp without time zone|", columns, StringComparison.Ordinal);
        Assert.Contains("tsd_name        |", columns, StringComparison.Ordinal);
        Assert.Contains("timestamp       |timestamp without time zone|", columns, StringComparison.Ordinal);
        var columnsJson = await LinesAsync($"get columns where dbms = {Db} and table = rand_data and format = json");
        Assert.StartsWith("{\"row_id\": \"integer\", \"insert_timestamp\": \"timestamp without time zone\"", columnsJson, StringComparison.Ordinal);

        await FailsAsync($"get columns where dbms = {Db} and table = missing", ErrorCode.TableNotFound);
    }

    [Fact]
    public async Task Partitioned_load_splits_rows_by_interval_and_queries_read_every_partition()
    {
        await Node.OkAsync($"sql {Db} \"{RandDataDdl}\"");
        Assert.Equal($"Partition of {Db}.rand_data by 1 days using timestamp declared",
            await Node.OkAsync($"partition {Db} rand_data using timestamp by 1 day"));
        var day = new DateTime(2026, 11, 26, 12, 0, 0, DateTimeKind.Utc);
        var result = await LoadAsync(Seconds(5, day).Concat(Seconds(3, day.AddDays(1))).Concat(Seconds(2, day.AddDays(2))));
        Assert.Equal(10, result.Rows);
        Assert.Equal(5, result.RowsByTable["par_rand_data_2026_11_26_d01_timestamp"]);
        Assert.Equal(3, result.RowsByTable["par_rand_data_2026_11_27_d01_timestamp"]);

        var tables = await LinesAsync($"get tables where dbms = {Db}");
        Assert.Contains("par_rand_data_2026_11_26_d01_timestamp", tables, StringComparison.Ordinal);
        Assert.Contains("par_rand_data_2026_11_28_d01_timestamp", tables, StringComparison.Ordinal);
        Assert.Contains("\"count(*)\":10", await Node.OkAsync($"sql {Db} \"select count(*) from rand_data\""), StringComparison.Ordinal);
        Assert.Contains("\"m\":5.5", await Node.OkAsync($"sql {Db} \"select max(r.value) as m from rand_data r where r.timestamp < '2026-11-28'\""),
            StringComparison.Ordinal);
        Assert.Contains("rand_data |        10|", await LinesAsync($"get rows count where dbms = {Db}"), StringComparison.Ordinal);
        var byPartition = await LinesAsync($"get rows count where dbms = {Db} and table = rand_data and group = partitions");
        Assert.Matches(@"\|rand_data\s+\|\s+0\|", byPartition); // the table itself holds no rows: they are in its partitions
        Assert.Matches(@"\|par_rand_data_2026_11_27_d01_timestamp\|\s+3\|", byPartition);

        // the partition table carries the table's indexes
        var partitions = await LinesAsync($"get partitions where dbms = {Db} and table = rand_data");
        Assert.Equal($"\n{Db}.rand_data : (1, 'days', 'timestamp')\n    par_rand_data_2026_11_26_d01_timestamp\n" +
                     "    par_rand_data_2026_11_27_d01_timestamp\n    par_rand_data_2026_11_28_d01_timestamp", partitions);

        // update and delete apply to every partition
        Assert.Equal("3 rows affected", await Node.OkAsync($"sql {Db} \"update rand_data set value = 0 where value < 2\""));
        Assert.Equal("1 row affected", await Node.OkAsync($"sql {Db} \"delete from rand_data where timestamp = '2026-11-28 12:00:00.000000'\""));
        Assert.Contains("\"count(*)\":9", await Node.OkAsync($"sql {Db} \"select count(*) from rand_data\""), StringComparison.Ordinal);

        Assert.Equal("Dropped 2 partition(s): par_rand_data_2026_11_26_d01_timestamp, par_rand_data_2026_11_27_d01_timestamp",
            await Node.OkAsync($"drop partition where dbms = {Db} and table = rand_data and keep = 1"));
        Assert.Contains("\"count(*)\":1", await Node.OkAsync($"sql {Db} \"select count(*) from rand_data\""), StringComparison.Ordinal);
        Assert.Equal("No partition dropped", await Node.OkAsync($"drop partition where dbms = {Db} and table = rand_data and keep = 0"));

        Assert.Equal($"Table 'rand_data' dropped from DBMS '{Db}' with 1 partition(s)", await Node.OkAsync($"drop table rand_data where dbms = {Db}"));
        Assert.DoesNotContain("rand_data", await LinesAsync($"get tables where dbms = {Db}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_table_info_shows_columns_partitioning_and_rows_per_physical_table()
    {
        await Node.OkAsync($"sql {Db} \"{RandDataDdl}\"");
        await Node.OkAsync($"partition {Db} rand_data using timestamp by 1 month");
        await LoadAsync(Seconds(2).Concat(Seconds(1, Base.AddMonths(-1))));
        var info = await LinesAsync($"get table info where dbms = {Db} and table = rand_data");
        Assert.Contains($"Table 'rand_data' in DBMS '{Db}' ({EngineType}), partitioned by 1 months of timestamp, 2 partition(s)", info, StringComparison.Ordinal);
        Assert.Matches(@"\nrow_id\s*\|integer\s*\|True\s*\|[^|]*\|True\s*\|", info);
        Assert.Matches(@"\npar_rand_data_2026_10_01_m01_timestamp\|\s*1\|", info);
        Assert.Matches(@"\npar_rand_data_2026_11_01_m01_timestamp\|\s*2\|", info);
        var json = await LinesAsync($"get table info where dbms = {Db} and table = rand_data and format = json");
        Assert.Contains("\"partitioned_by\": \"1 months of timestamp\"", json, StringComparison.Ordinal);
        Assert.Contains("\"rows\": 3}", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Star_partitioning_by_insert_time_puts_a_load_in_the_current_interval()
    {
        await Node.OkAsync($"sql {Db} \"{RandDataDdl}\"");
        await Node.OkAsync($"partition {Db} * using insert_timestamp by 14 days");
        Assert.Equal($"\r\n{Db}.* : (14, 'days', 'insert_timestamp')", await Node.OkAsync("get partitions")); // reference get_partitions.txt
        var inserted = new DateTime(2026, 11, 10, 2, 0, 11, DateTimeKind.Utc);
        var result = await LoadAsync(Seconds(3), "113", 1, inserted: inserted);
        Assert.Equal("par_rand_data_2026_11_01_d14_insert_timestamp", Assert.Single(result.RowsByTable).Key);
        var partition = await Dbms().GetSchemaAsync("par_rand_data_2026_11_01_d14_insert_timestamp", Cancel);
        Assert.Equal((await Dbms().GetSchemaAsync("rand_data", Cancel))!.Columns.Select(c => c.Name), partition!.Columns.Select(c => c.Name));
        // the partition has the table's indexes (and its primary key)
        var indexes = await Node.OkAsync($"sql {Db} format = json:output and stat = false \"{IndexQuery("par_rand_data_2026_11_01_d14_insert_timestamp")}\"");
        Assert.Equal(IndexCount, indexes.Split('\n').Length);
        Assert.Contains("insert_timestamp", indexes, StringComparison.Ordinal);
        Assert.Contains("tsd", indexes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reloading_a_file_with_the_same_tsd_id_replaces_its_rows()
    {
        await Node.OkAsync($"sql {Db} \"{RandDataDdl}\"");
        await Node.OkAsync($"partition {Db} rand_data using timestamp by 1 hour");
        var first = await LoadAsync(Seconds(4), "7", 42, replace: true);
        Assert.Equal(0, first.ReplacedRows);
        // the operator crashed after commit and before its bookkeeping: the retry deletes what the first attempt wrote
        var retry = await LoadAsync(Seconds(4), "7", 42, replace: true);
        Assert.Equal(4, retry.ReplacedRows);
        await LoadAsync(Seconds(2), "7", 43, replace: true);
        Assert.Contains("\"count(*)\":6", await Node.OkAsync($"sql {Db} \"select count(*) from rand_data\""), StringComparison.Ordinal);
        // char(3) reads back without the padding PostgreSQL stores
        Assert.Contains("{\"tsd_name\":\"7\"}", await Node.OkAsync($"sql {Db} \"select distinct tsd_name from rand_data\""), StringComparison.Ordinal);
        Assert.Equal(2, await Dbms().DeleteTsdRowsAsync("rand_data", "7", 43, Cancel));
        Assert.Contains("\"count(*)\":4", await Node.OkAsync($"sql {Db} \"select count(*) from rand_data\""), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_loads_into_new_partitions_all_commit()
    {
        await Node.OkAsync($"sql {Db} \"{RandDataDdl}\"");
        await Node.OkAsync($"partition {Db} rand_data using timestamp by 1 day");
        // four loads at once, each spanning the same two new partitions: creation races and writer queuing
        var loads = Enumerable.Range(0, 4).Select(i => LoadAsync(Seconds(300, Base.AddHours(-12)).Concat(Seconds(200, Base.AddHours(1))), "1", i));
        var results = await Task.WhenAll(loads);
        Assert.All(results, r => Assert.Equal(500, r.Rows));
        Assert.Contains("\"count(*)\":2000", await Node.OkAsync($"sql {Db} \"select count(*) from rand_data\""), StringComparison.Ordinal);
        Assert.Equal(2, (await Dbms().ListPartitionsAsync("rand_data", Cancel)).Count);
    }

    [Fact]
    public async Task A_load_that_is_not_committed_leaves_no_rows_and_a_marker_commits_with_the_rows()
    {
        await Node.OkAsync($"sql {Db} \"{RandDataDdl}\"");
        await Node.OkAsync($"sql {Db} \"create table load_marker (file_hash varchar primary key, rows int)\"");
        await using (var abandoned = await Dbms().BeginLoadAsync("rand_data", ["timestamp", "value"], null, Cancel))
        {
            abandoned.SetTimestamp(0, Base);
            abandoned.SetDouble(1, 1);
            await abandoned.AddRowAsync(Cancel);
            await abandoned.ExecuteAsync("insert into load_marker values ('abc', 1)", Cancel);
        }
        Assert.Contains("\"count(*)\":0", await Node.OkAsync($"sql {Db} \"select count(*) from rand_data\""), StringComparison.Ordinal);
        Assert.Contains("\"count(*)\":0", await Node.OkAsync($"sql {Db} \"select count(*) from load_marker\""), StringComparison.Ordinal);

        await using (var load = await Dbms().BeginLoadAsync("rand_data", ["timestamp", "value"], null, Cancel))
        {
            load.SetTimestamp(0, Base);
            load.SetDouble(1, 1);
            await load.AddRowAsync(Cancel);
            await load.ExecuteAsync("insert into load_marker values ('abc', 1)", Cancel);
            load.SetTimestamp(0, Base);
            await load.AddRowAsync(Cancel);
            Assert.Equal(2, (await load.CommitAsync(Cancel)).Rows);
        }
        Assert.Contains("\"value\":\"\"", await Node.OkAsync($"sql {Db} \"select value from rand_data order by row_id\""), StringComparison.Ordinal);
        Assert.Contains("\"file_hash\":\"abc\"", await Node.OkAsync($"sql {Db} \"select * from load_marker\""), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_create_statement_of_a_local_table_recreates_it_with_its_indexes()
    {
        await Node.OkAsync($"sql {Db} \"{RandDataDdl}\"");
        var create = await Dbms().GetCreateStatementAsync("rand_data", Cancel);
        Assert.Equal("CREATE TABLE IF NOT EXISTS rand_data(  row_id SERIAL PRIMARY KEY,  insert_timestamp TIMESTAMP NOT NULL DEFAULT NOW(),  " +
                     "tsd_name CHAR(3),  tsd_id INT,  timestamp TIMESTAMP NOT NULL DEFAULT NOW(),  value DECIMAL ); " +
                     "CREATE INDEX rand_data_insert_timestamp_index ON rand_data(insert_timestamp); " +
                     "CREATE INDEX rand_data_timestamp_index ON rand_data(timestamp); CREATE INDEX rand_data_tsd_index ON rand_data(tsd_name, tsd_id);",
            create);
        var before = await Dbms().GetSchemaAsync("rand_data", Cancel);
        await Node.OkAsync($"drop table rand_data where dbms = {Db}");
        await Dbms().CreateTableAsync(create!, Cancel);
        Assert.Equal(before!.Columns.Select(c => (c.Name, c.Type, c.NotNull, c.Generated)),
            (await Dbms().GetSchemaAsync("rand_data", Cancel))!.Columns.Select(c => (c.Name, c.Type, c.NotNull, c.Generated)));
        Assert.Equal(3, (await Dbms().GetIndexesAsync("rand_data", Cancel)).Count);
        Assert.Null(await Dbms().GetCreateStatementAsync("missing", Cancel));
    }

    [Fact]
    public async Task Dialect_time_functions_give_the_same_results_on_both_engines()
    {
        var dialect = Dbms().Dialect;
        var at = dialect.TimestampLiteral(new DateTime(2026, 11, 28, 2, 37, 11, DateTimeKind.Utc).AddTicks(238990));
        var sql = $"select {dialect.DateTrunc("hour", at)} as h, {dialect.Extract("dow", at)} as d, {dialect.Extract("minute", at)} as mi, " +
                  $"{dialect.AddInterval(at, -3, "days")} as a, {dialect.DateTrunc("week", at)} as w, {dialect.DateTrunc("month", at)} as m, " +
                  $"{dialect.AddInterval(at, 2, "hour")} as later";
        Assert.Equal("{\"h\":\"2026-11-28 02:00:00.000000\",\"d\":6,\"mi\":37,\"a\":\"2026-11-25 02:37:11.023899\",\"w\":\"2026-11-23 00:00:00.000000\"," +
                     "\"m\":\"2026-11-01 00:00:00.000000\",\"later\":\"2026-11-28 04:37:11.023899\"}",
            await Node.OkAsync($"sql {Db} format = json:output and stat = false \"{sql}\""));
        Assert.Contains("\"now\":\"20", await Node.OkAsync($"sql {Db} format = json:output and stat = false \"select {dialect.Now} as now\""), StringComparison.Ordinal);
        Assert.Equal(dialect.Engine == DbmsEngine.Sqlite ? "integer primary key autoincrement" : "SERIAL PRIMARY KEY",
            dialect.TranslateDdl("SERIAL PRIMARY KEY"));
    }

    [Fact]
    public async Task Typed_columns_round_trip_through_the_bulk_load()
    {
        await Dbms().CreateTableAsync("CREATE TABLE typed (row_id SERIAL PRIMARY KEY, i INT, b BIGINT, f FLOAT, d DECIMAL, flag BOOLEAN, " +
                                      "ts TIMESTAMP, day DATE, at TIME, name VARCHAR, code CHAR(3), id UUID, net CIDR)", Cancel);
        var schema = (await Dbms().GetSchemaAsync("typed", Cancel))!;
        Assert.True(schema.Find("row_id")!.Generated);
        Assert.Equal([ColumnType.Integer, ColumnType.BigInt, ColumnType.Float, ColumnType.Decimal, ColumnType.Boolean, ColumnType.Timestamp,
            ColumnType.Date, ColumnType.Time, ColumnType.Varchar, ColumnType.Char, ColumnType.Uuid, ColumnType.Cidr], schema.Columns.Skip(1).Select(c => c.Type));
        var id = Guid.Parse("6f1c2a3b-1111-2222-3333-444455556666");
        var columns = schema.Columns.Skip(1).Select(c => c.Name).ToArray();
        await using (var load = await Dbms().BeginLoadAsync("typed", columns, null, Cancel))
        {
            // typed setters
            load.SetInt64(0, 42);
            load.SetInt64(1, 5_000_000_000);
            load.SetDouble(2, 0.25);
            load.SetDecimal(3, 12.75m);
            load.SetBoolean(4, true);
            load.SetTimestamp(5, Base);
            load.SetDate(6, new DateOnly(2026, 11, 28));
            load.SetTime(7, new TimeOnly(13, 14, 15));
            load.SetString(8, "hello");
            load.SetString(9, "abc");
            load.SetGuid(10, id);
            load.SetString(11, "10.0.0.0/8");
            await load.AddRowAsync(Cancel);
            // the same values as text, as JSON files carry them
            object?[] text = ["42", "5000000000", "0.25", "12.75", "true", "2026-11-28T02:00:00Z", "2026-11-28", "13:14:15", "hello", "abc", id.ToString(), "10.0.0.0/8"];
            for (var i = 0; i < text.Length; i++) load.SetValue(i, text[i]);
            await load.AddRowAsync(Cancel);
            await load.AddRowAsync(Cancel); // all NULL
            await load.CommitAsync(Cancel);
        }
        var rows = await Node.OkAsync($"sql {Db} format = json:output and stat = false \"select i, b, f, d, flag, ts, day, at, name, code, id, net from typed order by row_id\"");
        var lines = rows.Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.Equal(lines[0], lines[1]);
        Assert.Equal("{\"i\":42,\"b\":5000000000,\"f\":0.25,\"d\":12.75,\"flag\":true,\"ts\":\"2026-11-28 02:00:00.000000\",\"day\":\"2026-11-28\"," +
                     $"\"at\":\"13:14:15\",\"name\":\"hello\",\"code\":\"abc\",\"id\":\"{id}\",\"net\":\"10.0.0.0/8\"}}", lines[0]);
        // NULL as EdgeLake's local sql prints it
        Assert.Equal("{\"i\":\"\",\"b\":\"\",\"f\":\"\",\"d\":\"\",\"flag\":\"\",\"ts\":\"\",\"day\":\"\",\"at\":\"\",\"name\":\"\",\"code\":\"\",\"id\":\"\",\"net\":\"\"}", lines[2]);
        // more rows than one multi-row statement holds: every value lands in its own row and column
        await using (var many = await Dbms().BeginLoadAsync("typed", ["i", "ts", "name"], null, Cancel))
        {
            for (var i = 1; i <= 150; i++)
            {
                many.SetInt64(0, i);
                many.SetTimestamp(1, Base.AddMinutes(i));
                many.SetString(2, "n" + i);
                await many.AddRowAsync(Cancel);
            }
            await many.CommitAsync(Cancel);
        }
        Assert.Equal("{\"s\":11325,\"c\":150,\"first\":\"2026-11-28 02:01:00.000000\",\"last\":\"2026-11-28 04:30:00.000000\",\"n\":\"n150\"}",
            await Node.OkAsync($"sql {Db} format = json:output and stat = false \"select sum(i) as s, count(name) as c, min(ts) as first, max(ts) as last, " +
                               "max(case when i = 150 then name end) as n from typed where name like 'n%'\""));
    }

    [Fact]
    public async Task Repeated_values_and_their_changes_land_in_every_row()
    {
        // SQLite binds a value again only where it changed since the same statement position was bound: runs of one value,
        // changes within and across statements, NULL next to 0 and to text, must all read back as they were loaded
        await Dbms().CreateTableAsync("CREATE TABLE repeats (row_id SERIAL PRIMARY KEY, i INT, b BIGINT, flag BOOLEAN, ts TIMESTAMP, name VARCHAR, code CHAR(3))", Cancel);
        var expected = new List<string>();
        await using (var load = await Dbms().BeginLoadAsync("repeats", ["i", "b", "flag", "ts", "name", "code"], null, Cancel))
        {
            for (var i = 1; i <= 300; i++)
            {
                long? b = i % 2 == 0 ? 0 : null;
                bool? flag = i % 7 == 0 ? null : true;
                var ts = i <= 150 ? Base : Base.AddMinutes(i);
                var name = i <= 100 ? "same" : i <= 200 ? "other" : i % 2 == 0 ? null : "x";
                var code = "c" + (i / 64).ToString(System.Globalization.CultureInfo.InvariantCulture);
                load.SetInt64(0, i);
                if (b is { } number) load.SetInt64(1, number);
                if (flag is { } set) load.SetBoolean(2, set);
                load.SetTimestamp(3, ts);
                if (name is not null) load.SetString(4, name);
                load.SetString(5, code);
                await load.AddRowAsync(Cancel);
                expected.Add($"{{\"i\":{i},\"b\":{(b is null ? "\"\"" : "0")},\"flag\":{(flag is null ? "\"\"" : "true")}," +
                             $"\"ts\":\"{ts:yyyy-MM-dd HH:mm:ss}.000000\",\"name\":\"{name}\",\"code\":\"{code}\"}}");
            }
            Assert.Equal(300, (await load.CommitAsync(Cancel)).Rows);
        }
        var rows = await Node.OkAsync($"sql {Db} format = json:output and stat = false \"select i, b, flag, ts, name, code from repeats order by i\"");
        Assert.Equal(expected, rows.Split('\n'));
    }

    [Fact]
    public async Task Values_that_do_not_fit_are_rejected_with_a_code_and_nothing_is_written()
    {
        await Dbms().CreateTableAsync("CREATE TABLE strict_types (i INT, code CHAR(3), ts TIMESTAMP, id UUID)", Cancel);
        await using var load = await Dbms().BeginLoadAsync("strict_types", ["i", "code", "ts", "id"], null, Cancel);
        Assert.Equal(ErrorCode.DataTypeMismatch, Assert.Throws<StorageException>(() => load.SetString(0, "forty")).Code);
        Assert.Equal(ErrorCode.DataTypeMismatch, Assert.Throws<StorageException>(() => load.SetDouble(0, 1.5)).Code);
        Assert.Equal(ErrorCode.DataTypeMismatch, Assert.Throws<StorageException>(() => load.SetString(1, "toolong")).Code);
        Assert.Equal(ErrorCode.DataTypeMismatch, Assert.Throws<StorageException>(() => load.SetString(2, "yesterday-ish")).Code);
        Assert.Equal(ErrorCode.DataTypeMismatch, Assert.Throws<StorageException>(() => load.SetString(3, "not-a-uuid")).Code);
        var missing = await Assert.ThrowsAsync<StorageException>(() => Dbms().BeginLoadAsync("strict_types", ["nope"], null, Cancel));
        Assert.Equal(ErrorCode.SqlError, missing.Code);
        var table = await Assert.ThrowsAsync<StorageException>(() => Dbms().BeginLoadAsync("no_table", ["i"], null, Cancel));
        Assert.Equal(ErrorCode.TableNotFound, table.Code);
    }

    [Fact]
    public async Task Schema_drift_adds_columns_and_widens_types_in_every_partition()
    {
        await Node.OkAsync($"sql {Db} \"{RandDataDdl}\"");
        await Node.OkAsync($"partition {Db} rand_data using timestamp by 1 day");
        await LoadAsync(Seconds(2).Concat(Seconds(1, Base.AddDays(-1))));
        Assert.True(await Dbms().AddColumnAsync("rand_data", "reading", ColumnType.Integer, null, Cancel));
        Assert.False(await Dbms().AddColumnAsync("rand_data", "reading", ColumnType.Integer, null, Cancel));
        Assert.True(await Dbms().WidenColumnAsync("rand_data", "reading", ColumnType.Float, null, Cancel));
        Assert.False(await Dbms().WidenColumnAsync("rand_data", "reading", ColumnType.Integer, null, Cancel));
        foreach (var physical in await Dbms().ListPartitionsAsync("rand_data", Cancel))
            Assert.Equal(ColumnType.Float, (await Dbms().GetSchemaAsync(physical, Cancel))!.Find("reading")!.Type);
        await using (var load = await Dbms().BeginLoadAsync("rand_data", ["timestamp", "value", "reading"], null, Cancel))
        {
            load.SetTimestamp(0, Base);
            load.SetDouble(1, 9);
            load.SetDouble(2, 2.75);
            await load.AddRowAsync(Cancel);
            await load.CommitAsync(Cancel);
        }
        Assert.Contains("\"reading\":2.75", await Node.OkAsync($"sql {Db} \"select reading from rand_data where reading is not null\""), StringComparison.Ordinal);
        Assert.True(await Dbms().WidenColumnAsync("rand_data", "reading", ColumnType.Varchar, null, Cancel));
        Assert.Matches(@"\nreading\s*\|(varchar|character varying)\s*\|", await LinesAsync($"get columns where dbms = {Db} and table = rand_data"));
    }

    [Fact]
    public async Task Tsd_info_and_time_file_commands_track_ingested_files()
    {
        await Node.OkAsync($"connect dbms almgm where {ConnectOptions}");
        await FailsAsync("time file get", ErrorCode.TableNotFound);
        Assert.Equal("Table 'tsd_info' created in DBMS 'almgm'", await Node.OkAsync("create table tsd_info where dbms = almgm"));
        Assert.Equal("Table 'tsd_info' exists in DBMS 'almgm'", await Node.OkAsync("create table tsd_info where dbms = almgm"));
        var columns = await LinesAsync("get columns where dbms = almgm and table = tsd_info and format = json");
        Assert.StartsWith("{\"file_id\": \"integer\", \"dbms_name\": ", columns, StringComparison.Ordinal);

        const string file = "test.rand_data.0.ec4b3b6a49c3291802f1d9f1c3444fb3.0.json";
        Assert.Equal("File registered in tsd_info with id 1", await Node.OkAsync($"time file new {file}"));
        await FailsAsync($"time file new {file}", ErrorCode.DuplicateEntry);
        Assert.Equal("File already registered in tsd_info with id 1", await Node.OkAsync($"time file add {file}"));
        Assert.Equal("File registered in tsd_info with id 2", await Node.OkAsync("time file add test.rand_data.0.0123456789abcdef0123456789abcdef.0.json Duplicate_JSON_File"));
        await Node.OkAsync("time file update ec4b3b6a49c3291802f1d9f1c3444fb3 loaded");
        await FailsAsync("time file update ffffffffffffffffffffffffffffffff loaded", ErrorCode.FileNotFound);

        var entries = await Node.OkAsync("time file get where dbms = test and format = json");
        Assert.Contains("\"file_id\": 1, \"dbms_name\": \"test\", \"table_name\": \"rand_data\", \"source\": \"0\", \"file_hash\": \"ec4b3b6a49c3291802f1d9f1c3444fb3\"", entries, StringComparison.Ordinal);
        Assert.Contains("\"status1\": \"loaded\"", entries, StringComparison.Ordinal);
        var errors = await LinesAsync("get tsd errors");
        Assert.Contains("Duplicate_JSON_File", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("ec4b3b6a49c3291802f1d9f1c3444fb3", errors, StringComparison.Ordinal);
        Assert.Matches(@"\ntest\s*\|rand_data\s*\|\s*2\|\s*0\|", await LinesAsync("time file summary"));

        // a peer's file (8-section name) goes to tsd_<member> with the peer's row id
        Assert.Equal("Table 'tsd_165' created in DBMS 'almgm'", await Node.OkAsync("create table tsd_165 where dbms = almgm"));
        Assert.Equal("File registered in tsd_165 with id 311239",
            await Node.OkAsync("time file add monitoring.syslog.0.fc1524ad102f035b83a6b7b01aeac3f5.0.165.311239.260726140705.json.gz"));
        var list = await LinesAsync("get tsd list where format = json");
        Assert.Equal("{\"tsd_info\": 2, \"tsd_165\": 1}", list);
        Assert.Equal("Entry 311239 deleted from tsd_165", await Node.OkAsync("time file delete 311239 from tsd_165"));
        Assert.Equal("Entry 2 deleted from tsd_info", await Node.OkAsync("time file delete 2"));
        await FailsAsync("time file delete 2", ErrorCode.FileNotFound);

        // the operator's API: register before the load, complete after
        var timeFiles = Node.Node.Services.Get<ITimeFiles>();
        var (entry, isNew) = await timeFiles.RegisterAsync(new TsdEntry(0, "test", "rand_data", "0", "abcdef", "0", Base, 0, "", ""), cancellation: Cancel);
        Assert.True(isNew);
        Assert.True(await timeFiles.CompleteAsync(entry.FileId, 300, "ok", cancellation: Cancel));
        var again = await timeFiles.RegisterAsync(entry with { FileId = 0 }, cancellation: Cancel);
        Assert.False(again.IsNew);
        Assert.Equal(300, again.Entry.Rows);
        Assert.Equal(Base, again.Entry.FileTime);

        Assert.Equal("Dropped tsd_info, tsd_165", await Node.OkAsync("time file drop all"));
        await FailsAsync("time file get", ErrorCode.TableNotFound);
    }

    [Fact]
    public async Task Ledger_table_has_the_blockchain_schema()
    {
        var blockchain = PostgresFixture.UniqueDatabase("bc");
        await Node.OkAsync($"connect dbms {blockchain} where {ConnectOptions}");
        await Node.OkAsync($"create table ledger where dbms = {blockchain}");
        var schema = (await Dbms(blockchain).GetSchemaAsync("ledger", Cancel))!;
        Assert.Equal(["sequence_id", "policy_type", "policy_id", "company_name", "date", "host", "status", "policy"], schema.Columns.Select(c => c.Name));
        Assert.True(schema.Find("sequence_id")!.Generated);
        await Node.OkAsync($"sql {blockchain} \"insert into ledger (policy_type, policy_id, host, policy) values ('table', 'c80630a8', '127.0.0.1', '{{}}')\"");
        await FailsAsync($"sql {blockchain} \"insert into ledger (policy_type, policy_id, host, policy) values ('table', 'c80630a8', '127.0.0.1', '{{}}')\"",
            ErrorCode.DuplicateEntry);
        Assert.Contains("\"count(*)\":1", await Node.OkAsync($"sql {blockchain} \"select count(*) from ledger where date is not null\""), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_commands_get_clear_errors_and_the_node_keeps_working()
    {
        await FailsAsync("sql nowhere \"select 1\"", ErrorCode.DbmsNotConnected);
        await FailsAsync($"sql {Db} \"select * from nothing_here\"", ErrorCode.TableNotFound);
        await FailsAsync($"sql {Db} \"selec 1\"", ErrorCode.SqlError);
        await FailsAsync($"sql {Db} format = xml \"select 1\"", ErrorCode.WrongOptionType);
        await FailsAsync($"sql {Db} colour = red \"select 1\"", ErrorCode.WrongOption);
        await FailsAsync($"sql {Db}", ErrorCode.CommandStructure);
        await Node.OkAsync($"connect dbms {Db} where {ConnectOptions}"); // the same connection again: nothing to do, as in EdgeLake
        var other = EngineType == "sqlite" ? "type = psql and ip = 127.0.0.1 and port = 5432" : "type = sqlite";
        await FailsAsync($"connect dbms {Db} where {other}", ErrorCode.DbmsAlreadyConnected);
        await FailsAsync("connect dbms x where type = oracle", ErrorCode.WrongOptionType);
        await FailsAsync("connect dbms 9bad where type = sqlite", ErrorCode.WrongOptionType);
        await FailsAsync($"partition {Db} t using ts by 3 fortnights", ErrorCode.WrongOptionType);
        await FailsAsync($"partition {Db} t using ts", ErrorCode.CommandStructure);
        await FailsAsync($"drop table nothing_here where dbms = {Db}", ErrorCode.TableNotFound);
        await FailsAsync($"create table my_table where dbms = {Db}", ErrorCode.TableNotFound); // no table policy declares it
        await FailsAsync("time file add not_a_data_file", ErrorCode.WrongOptionType);
        Assert.Contains("\"x\":1", await Node.OkAsync($"sql {Db} \"select 1 as x\""), StringComparison.Ordinal);
        Assert.Equal($"Database {Db} disconnected", await Node.OkAsync($"disconnect dbms {Db}"));
        await FailsAsync($"sql {Db} \"select 1\"", ErrorCode.DbmsNotConnected);
        await FailsAsync($"disconnect dbms {Db}", ErrorCode.DbmsNotConnected);
    }
}
