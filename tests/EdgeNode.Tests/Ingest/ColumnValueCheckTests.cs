using System.Text;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Ingest;

namespace EdgeNode.Tests.Ingest;

/// <summary>Rows with a value the table cannot take are refused where they come in, before they share a file with others.</summary>
public sealed class ColumnValueCheckTests
{
    private static IngestBatch Batch(string rows) =>
        new("test", "typed", "0", "0", "json", Encoding.UTF8.GetBytes(rows), rows.Count(c => c == '\n'));

    [Fact]
    public async Task Text_for_a_numeric_column_is_refused_with_error_71_and_numbers_in_text_pass()
    {
        await using var node = await OperatorNode.StartAsync();
        node.Drop("test.typed.0.0.0.json", OperatorNode.Rows("{\"v\": 1, \"name\": \"a\"}"));
        await node.WaitForRowsAsync("typed", 1);
        var ingest = node.Node.Node.Services.Get<IDataIngest>();

        var refused = await ingest.AppendStreamingAsync(Batch("{\"v\": 2, \"name\": \"b\"}\n{\"v\": \"high\", \"name\": \"c\"}\n"), TestContext.Current.CancellationToken);
        Assert.Equal(ErrorCode.DataTypeMismatch, refused.Code);
        Assert.Contains("row 2: the value of 'v' does not fit column 'v'", refused.Detail, StringComparison.Ordinal);
        Assert.Equal(ErrorCode.DataTypeMismatch, (await ingest.WriteFileAsync(Batch("{\"v\": [1]}\n"), TestContext.Current.CancellationToken)).Code);
        // beyond a double: refused here, before the operator could widen the integer column for a row it then refuses
        foreach (var rows in new[] { "{\"v\": 1e400}\n", "{\"v\": \"-1e999\"}\n", "{\"v\": \"\\u0031e400\"}\n" })
            Assert.Equal(ErrorCode.DataTypeMismatch, (await ingest.AppendStreamingAsync(Batch(rows), TestContext.Current.CancellationToken)).Code);

        foreach (var rows in new[] { "{\"v\": \"3.5\"}\n", "{\"v\": null, \"name\": 7}\n", "{\"v\": 1e3, \"other\": \"x\"}\n", "{\"V\": \" 42 \"}\n" })
            Assert.False((await ingest.AppendStreamingAsync(Batch(rows), TestContext.Current.CancellationToken)).IsError, rows);
    }

    [Fact]
    public async Task A_number_beyond_the_range_of_a_double_is_refused_by_the_operator_not_stored_as_infinity()
    {
        await using var node = await OperatorNode.StartAsync();
        node.Drop("test.huge.0.0.0.json", OperatorNode.Rows("{\"v\": 1, \"w\": 2.5}"));
        await node.WaitForRowsAsync("huge", 1);
        node.Drop("test.huge.0.0.0.json", OperatorNode.Rows("{\"v\": 1e400, \"w\": 1}", "{\"v\": 3, \"w\": -1e999}", "{\"v\": 4, \"w\": 3.5}"));
        await node.WaitForRowsAsync("huge", 2);
        var rows = await node.QueryAsync("select v, w from huge order by v");
        Assert.Equal(["1:2.5", "4:3.5"], rows.Select(r => $"{r!["v"]!.GetValue<double>()}:{r["w"]!.GetValue<double>()}"));
        // The refused rows reach the error dir after the good ones are committed: wait for them.
        int RefusedRows() => Directory.Exists(node.ErrDir)
            ? Directory.GetFiles(node.ErrDir, "test.huge.*.json").SelectMany(File.ReadAllLines).Count(l => l.Trim().Length > 0) : 0;
        await OperatorNode.WaitUntilAsync(() => Task.FromResult(RefusedRows() >= 2), "2 refused rows in the error dir", explain: node.ErrorReasons);
        Assert.Equal(2, RefusedRows());
    }
}
