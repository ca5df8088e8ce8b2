namespace EdgeNode.IntegrationTests.Ingest;

/// <summary>The operator loading into a real PostgreSQL server (started by the test run, binary COPY underneath).</summary>
public sealed class OperatorPostgresTests(PostgresFixture postgres)
{
    private async Task<OperatorNode> StartAsync()
    {
        var server = await postgres.ServerAsync();
        return await OperatorNode.StartAsync(connect: server.ConnectOptions, dbms: PostgresFixture.UniqueDatabase("op"));
    }

    [Fact]
    public async Task Json_values_load_into_postgresql_with_their_types()
    {
        await using var node = await StartAsync();
        await OperatorScenarios.LoadsTypedValuesAsync(node);
    }

    [Fact]
    public async Task Schema_drift_alters_the_local_postgresql_table_and_leaves_the_table_policy()
    {
        await using var node = await StartAsync();
        await OperatorScenarios.AdaptsToSchemaDriftAsync(node);
        var types = await node.QueryAsync("select column_name, data_type from information_schema.columns where table_name = 'drifting' " +
                                          "and column_name in ('n', 'label') order by column_name");
        Assert.Equal(["label:character", "n:numeric"], types.Select(r => $"{r!["column_name"]}:{r["data_type"]}"));
    }

    [Fact]
    public async Task A_crashed_attempt_is_replaced_on_postgresql()
    {
        await using var node = await StartAsync();
        await OperatorScenarios.ReplacesTheRowsOfACrashedAttemptAsync(node);
    }

    [Fact]
    public async Task Rows_go_to_postgresql_partitions()
    {
        await using var node = await StartAsync();
        await OperatorScenarios.SplitsRowsIntoPartitionsAsync(node);
    }
}
