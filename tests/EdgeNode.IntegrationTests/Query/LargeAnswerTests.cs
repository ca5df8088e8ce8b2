using System.Text.Json.Nodes;
using EdgeNode.Core.Commands;

namespace EdgeNode.IntegrationTests.Query;

/// <summary>
/// An answer larger than what a query node keeps in memory (8 MB): REST and the console receive it as a stream that
/// continues while the operators still send; an assignment gets it whole.
/// </summary>
public sealed class LargeAnswerTests : IAsyncLifetime
{
    private const int RowsPerOperator = 40_000;

    private QueryNetwork _network = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _network = await QueryNetwork.StartAsync(["type = sqlite", "type = sqlite"], [(QueryTestData.Readings, QueryTestData.Create(QueryTestData.Readings))],
            cancellation: Cancel);
        var start = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < 2; i++)
        {
            var first = i * RowsPerOperator;
            await QueryNetwork.LoadAsync(_network.OperatorDbms(i), QueryTestData.Readings, QueryTestData.Columns,
                Enumerable.Range(first, RowsPerOperator).Select(r => new object?[] { $"device {r} " + new string('x', 80), start.AddSeconds(r), r / 4.0, (long)r }),
                Cancel);
        }
    }

    public async ValueTask DisposeAsync() => await _network.DisposeAsync();

    [Fact]
    public async Task A_large_answer_streams_to_rest_callers_and_is_whole_for_assignments()
    {
        const string query = "run client () sql test \"select device_name, reading from readings\"";
        var result = await _network.QueryAsync(query, CommandSource.Rest, Cancel);
        Assert.False(result.IsError, result.ErrorLine);
        Assert.NotNull(result.Writer);
        Assert.Equal(OutputFormat.Json, result.Format);
        await using var text = new StringWriter();
        await result.Writer!(text, Cancel);
        var answer = JsonNode.Parse(text.ToString())!;
        var readings = answer["Query"]!.AsArray().Select(r => (long)r!["reading"]!).Order().ToList();
        Assert.Equal(Enumerable.Range(0, 2 * RowsPerOperator).Select(r => (long)r), readings);
        Assert.Equal(2 * RowsPerOperator, (long)answer["Statistics"]![0]!["Count"]!);
        Assert.Contains("|Completed|", (await _network.QueryAsync("query status", cancellation: Cancel)).Text, StringComparison.Ordinal);

        Assert.True((await _network.QueryAsync("rows = " + query, CommandSource.Script, Cancel)) is { IsError: false, Writer: null });
        Assert.Equal(2 * RowsPerOperator, JsonNode.Parse(_network.QueryNode.Dictionary.Get("rows")!)!["Query"]!.AsArray().Count);
    }
}
