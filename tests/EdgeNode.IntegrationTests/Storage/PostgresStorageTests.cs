using Npgsql;

namespace EdgeNode.IntegrationTests.Storage;

/// <summary>The shared storage tests on a real PostgreSQL server (one per test run), plus database creation.</summary>
public sealed class PostgresStorageTests(PostgresFixture postgres) : StorageEngineTests
{
    protected override async Task<string> ConnectOptionsAsync() => (await postgres.ServerAsync()).ConnectOptions;

    protected override string EngineType => "psql";

    protected override string IndexQuery(string table) => $"select indexname from pg_indexes where tablename = '{table}'";

    protected override int IndexCount => 4;

    [Fact]
    public async Task A_logical_dbms_is_a_postgresql_database_created_when_missing()
    {
        var server = await postgres.ServerAsync();
        await using var connection = new NpgsqlConnection(server.ConnectionString());
        await connection.OpenAsync(Cancel);
        await using var command = new NpgsqlCommand("select count(*) from pg_database where datname = @name", connection);
        command.Parameters.AddWithValue("name", Db);
        Assert.Equal(1L, await command.ExecuteScalarAsync(Cancel));
        Assert.Contains($"\"{Db}\": {{\"dbms_type\": \"psql\", \"ip_port\": \"127.0.0.1:{server.Port}\", \"storage\": \"PostgreSQL database {Db}\"}}",
            await LinesAsync("get databases where format = json"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_server_is_a_clear_error()
    {
        var result = await Node.RunAsync($"connect dbms other where type = psql and ip = 127.0.0.1 and port = {FreePort.Get()} and user = postgres");
        Assert.Equal(Core.Commands.ErrorCode.DbmsError, result.Code);
        Assert.Contains("failed to connect DBMS 'other' on 127.0.0.1:", result.Text, StringComparison.Ordinal);
        Assert.Contains("\"x\":1", await Node.OkAsync($"sql {Db} \"select 1 as x\""), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unlog_creates_unlogged_tables_and_partitions()
    {
        var server = await postgres.ServerAsync();
        var fast = PostgresFixture.UniqueDatabase("fast");
        await Node.OkAsync($"connect dbms {fast} where {server.ConnectOptions} and unlog = true");
        await Node.OkAsync($"sql {fast} \"{RandDataDdl}\"");
        await Node.OkAsync($"partition {fast} rand_data using timestamp by 1 day");
        await using (var load = await Dbms(fast).BeginLoadAsync("rand_data", ["timestamp", "value"], null, Cancel))
        {
            load.SetTimestamp(0, Base);
            load.SetDouble(1, 1);
            await load.AddRowAsync(Cancel);
            await load.CommitAsync(Cancel);
        }
        Assert.Equal("{\"relname\":\"par_rand_data_2026_11_28_d01_timestamp\",\"relpersistence\":\"u\"}\n{\"relname\":\"rand_data\",\"relpersistence\":\"u\"}",
            await Node.OkAsync($"sql {fast} format = json:output and stat = false \"select relname, relpersistence::text as relpersistence from pg_class where relkind = 'r' and relname like '%rand_data%' order by relname\""));
        Assert.Matches($@"\n{fast}\s*\|psql\s*\|user\s*\|127\.0\.0\.1:{server.Port}\|Autocommit On, Unlogged tables", await LinesAsync("get databases"));
    }
}
