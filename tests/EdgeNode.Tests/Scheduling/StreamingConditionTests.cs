using System.Text;
using EdgeNode.Core.Commands;
using EdgeNode.Scheduling.Conditions;

namespace EdgeNode.Tests.Scheduling;

/// <summary>Streaming conditions on rows: comparisons of columns, variables and literals; dropped rows; limits; bounds.</summary>
public sealed class StreamingConditionTests : IAsyncLifetime
{
    private readonly TestNode _node = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _node.DisposeAsync();

    private StreamingConditions Conditions => _node.Node.Services.Get<StreamingConditions>();

    private static bool Holds(string condition, string row, EdgeNode.Core.Variables.VariableResolver variables)
    {
        var columns = new List<string>();
        var parsed = new ConditionParser(columns).Parse(Tokenizer.Tokenize(condition));
        var values = new RowValue[columns.Count];
        Assert.True(RowValues.Read(Encoding.UTF8.GetBytes(row).AsMemory(), columns.Select(Encoding.UTF8.GetBytes).ToArray(), values));
        var walked = ConditionEvaluation.Test(parsed, values, variables);
        Assert.Equal(walked, ConditionCompiler.Compile(parsed, variables)(values)); // the compiled form answers the same
        return walked;
    }

    [Theory]
    [InlineData("[value] > 10", "{\"value\": 12}", true)]
    [InlineData("[value] > 10", "{\"value\": 9.5}", false)]
    [InlineData("[value] > 10", "{\"value\": \"100\"}", true)] // numbers sent as text still compare as numbers
    [InlineData("[value] > 10", "{\"other\": 100}", false)] // a missing column matches nothing
    [InlineData("[value] != 10", "{\"other\": 100}", true)]
    [InlineData("[sensor] == 'boiler' and [value] >= 3", "{\"sensor\": \"boiler\", \"value\": 3}", true)]
    [InlineData("[sensor] == boiler or [value] < 0", "{\"sensor\": \"pump\", \"value\": 5}", false)]
    [InlineData("not ([sensor] startswith bo)", "{\"sensor\": \"pump\"}", true)]
    [InlineData("[sensor] contains um", "{\"sensor\": \"pump\", \"nested\": {\"sensor\": \"x\"}}", true)]
    [InlineData("[value] > !threshold", "{\"value\": 12}", true)]
    [InlineData("[flag]", "{\"flag\": true}", true)]
    [InlineData("[flag]", "{\"flag\": false}", false)]
    [InlineData("[value] <= 12", "{\"value\": \"twelve\"}", false)] // text that is no number compares as text
    [InlineData("[value] == 12", "{\"value\": 12.0}", true)]
    [InlineData("[sensor] == boiler and [value] > 4", "{\"sensor\": \"boi\\u006cer\", \"value\": 5}", true)] // escapes: read by the JSON reader
    [InlineData("[value] > 4", "{ \"list\": [1, {\"value\": 9}], \"value\": 5e0 }", true)]
    [InlineData("[value] > -1 and not ([value] >= 3)", "{\"value\": 2}", true)]
    public void Conditions_test_the_row_values(string condition, string row, bool expected)
    {
        _node.Node.Dictionary.Set("threshold", "11");
        Assert.Equal(expected, Holds(condition, row, _node.Node.Variables));
    }

    [Fact]
    public void Parentheses_deeper_than_the_bound_are_refused()
    {
        var condition = new string('(', 12) + "[a] > 1" + new string(')', 12);
        Assert.Throws<CommandSyntaxException>(() => new ConditionParser([]).Parse(Tokenizer.Tokenize(condition)));
    }

    [Fact]
    public async Task Ignore_entry_drops_matching_rows_and_keeps_the_others_and_bad_lines()
    {
        await _node.OkAsync("set streaming condition where dbms = d and table = t if [value] < 0 then ignore entry");
        var rows = "{\"value\": 1}\n{\"value\": -1}\nnot json\n{\"value\": 2}\n{\"value\": -5}\n";
        var (kept, count) = Conditions.Apply("d", "t", Encoding.UTF8.GetBytes(rows), 5);
        Assert.Equal(3, count);
        Assert.Equal("{\"value\": 1}\nnot json\n{\"value\": 2}\n", Encoding.UTF8.GetString(kept.Span));
        Assert.False(Conditions.HasConditions("d", "other"));
        var untouched = Encoding.UTF8.GetBytes("{\"value\": 1}\n");
        Assert.Equal(1, Conditions.Apply("d", "t", untouched, 1).RowCount);
    }

    [Fact]
    public async Task Rows_ingested_through_the_streamer_run_the_commands_of_conditions_that_only_alert()
    {
        await _node.OkAsync("set streaming condition where dbms = d and table = t if [value] > 10 then high = yes");
        var ingest = _node.Node.Services.Get<EdgeNode.Core.Ingest.IDataIngest>();
        var rows = Encoding.UTF8.GetBytes("{\"value\": 1}\n{\"value\": 11}\n");
        var result = await ingest.AppendStreamingAsync(new EdgeNode.Core.Ingest.IngestBatch("d", "t", "0", "0", "json", rows, 2), TestContext.Current.CancellationToken);
        Assert.False(result.IsError);
        await Eventually.HoldsAsync(() => _node.Var("high") == "yes", "the condition's command ran");
        Assert.Contains("\"Streaming Rows\": 2,", await _node.OkAsync("get streaming where format = json"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_limit_caps_how_often_the_command_runs()
    {
        await _node.OkAsync("set streaming condition where dbms = d and table = t and limit = 2 if [value] > 0 then incr_count = incr !count");
        _node.Node.Dictionary.Set("count", "0");
        Conditions.Apply("d", "t", Encoding.UTF8.GetBytes("{\"value\": 1}\n{\"value\": 2}\n{\"value\": 3}\n{\"value\": 4}\n"), 4);
        var condition = Assert.Single(Conditions.Find("d", "t")!.Conditions);
        Assert.Equal(2, condition.Executed);
        Assert.True(condition.LimitReached);
        var json = await _node.OkAsync("get streaming conditions where format = json");
        Assert.Contains("\"limit\": 2, \"executed\": 2", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_duplicate_condition_and_malformed_ones_are_refused()
    {
        const string line = "set streaming condition where dbms = d and table = t if [value] > 10 then echo high";
        await _node.OkAsync(line);
        Assert.Equal(ErrorCode.DuplicateEntry, (await _node.RunAsync(line)).Code);
        Assert.Contains("Missing 'if'", (await _node.RunAsync("set streaming condition where dbms = d and table = t [value] > 1 then echo")).Text, StringComparison.Ordinal);
        Assert.Contains("Missing 'then'", (await _node.RunAsync("set streaming condition where dbms = d and table = t if [value] > 1 echo")).Text, StringComparison.Ordinal);
        Assert.Equal(ErrorCode.MissingOption, (await _node.RunAsync("set streaming condition where dbms = d if [value] > 1 then echo")).Code);
        Assert.Equal(ErrorCode.TableNotFound, (await _node.RunAsync("reset streaming condition where dbms = nothing")).Code);
    }
}
