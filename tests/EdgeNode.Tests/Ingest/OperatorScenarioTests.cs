namespace EdgeNode.Tests.Ingest;

/// <summary>The engine-independent operator scenarios on SQLite (the same run on PostgreSQL in the integration tests).</summary>
public sealed class OperatorScenarioTests
{
    [Fact]
    public async Task Json_values_load_into_sqlite_with_their_types()
    {
        await using var node = await OperatorNode.StartAsync();
        await OperatorScenarios.LoadsTypedValuesAsync(node);
    }

    [Fact]
    public async Task Schema_drift_alters_the_sqlite_table()
    {
        await using var node = await OperatorNode.StartAsync();
        await OperatorScenarios.AdaptsToSchemaDriftAsync(node);
    }

    [Fact]
    public async Task A_crashed_attempt_is_replaced_on_sqlite()
    {
        await using var node = await OperatorNode.StartAsync();
        await OperatorScenarios.ReplacesTheRowsOfACrashedAttemptAsync(node);
    }

    [Fact]
    public async Task Rows_go_to_sqlite_partitions()
    {
        await using var node = await OperatorNode.StartAsync();
        await OperatorScenarios.SplitsRowsIntoPartitionsAsync(node);
    }
}
