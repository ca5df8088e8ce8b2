using System.Text;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Ingest;
using EdgeNode.Core.Limits;
using EdgeNode.Query.Sql;

namespace EdgeNode.Tests.Limits;

/// <summary>
/// Every recursive parser that reads outside input refuses nesting past its bound with a clear error, and reads long
/// chains (which need no nesting) however long they are. Each input here overflowed the stack (and ended the process)
/// before the bounds existed (issue 20).
/// </summary>
public sealed class NestingLimitTests : IAsyncDisposable
{
    private readonly TestNode _node = new();

    private static string Repeat(string part, int times) => new StringBuilder().Insert(0, part, times).ToString();

    [Theory]
    [InlineData("1**", 80_000, "1")]
    [InlineData("not ", 80_000, "True")]
    [InlineData("- ", 80_000, "1")]
    [InlineData("(", 80_000, "1")]
    [InlineData("[", 80_000, "1")]
    [InlineData("1 if True else ", 60_000, "2")]
    public async Task A_python_expression_nested_too_deep_is_an_error_and_the_node_runs_on(string part, int times, string end)
    {
        var result = await _node.RunAsync("python " + Repeat(part, times) + end);
        // brackets meet the command line's own bound (64) before the expression's
        var bracket = part is "(" or "[";
        Assert.Equal(bracket ? ErrorCode.CommandStructure : ErrorCode.ExpressionError, result.Code);
        Assert.Contains(bracket ? "brackets nested too deep" : $"expression nested too deep (more than {InputLimits.ExpressionDepth} levels)",
            result.Text, StringComparison.Ordinal);
        Assert.Equal("3", await _node.OkAsync("python 1 + 2"));
    }

    [Fact]
    public async Task Long_python_chains_evaluate_in_a_loop()
    {
        Assert.Equal("200000", await _node.OkAsync("python " + Repeat("1+", 199_999) + "1"));
        Assert.Equal("A", await _node.OkAsync("python 'a'" + Repeat(".upper()", 50_000)));
        Assert.Equal("0", await _node.OkAsync("python [0]" + Repeat("[0:1]", 50_000) + "[0]"));
        Assert.Equal("True", await _node.OkAsync("python " + Repeat("True and ", 50_000) + "True"));
    }

    [Fact]
    public async Task A_command_line_over_a_mebibyte_is_refused_from_any_source()
    {
        var result = await _node.RunAsync("python 1" + Repeat("+1", 600_000));
        Assert.Equal(EdgeNode.Core.Commands.ErrorCode.MessageTooLarge, result.Code);
        Assert.Contains("a command takes at most 1,048,576", result.Text, StringComparison.Ordinal);
        Assert.Equal("alive", await _node.OkAsync("echo alive"));
    }

    [Fact]
    public async Task A_condition_of_many_nots_is_counted_not_recursed()
    {
        await _node.OkAsync("x = 5");
        await _node.OkAsync("if " + Repeat("not ", 100_000) + "!x == 5 then y = yes");
        Assert.Equal("yes", _node.Var("y"));
    }

    [Theory]
    [InlineData("(", ")", 6_000)]
    [InlineData("- ", "", 6_000)]
    [InlineData("not ", "", 6_000)]
    public void A_sql_expression_nested_too_deep_is_a_syntax_error(string open, string close, int times)
    {
        var sql = $"select count(*) from t where {Repeat(open, times)}1 = 1{Repeat(close, times)}";
        var error = Assert.Throws<SqlSyntaxException>(() => SqlParser.ParseSelect(sql));
        Assert.Contains($"nested too deep (more than {InputLimits.SqlDepth} levels)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sql_chain_longer_than_the_bound_is_refused_and_a_long_one_within_it_parses()
    {
        Assert.Throws<SqlSyntaxException>(() => SqlParser.ParseSelect("select " + Repeat("1+", 6_000) + "1 from t"));
        var within = "select a from t where " + string.Join(" or ", Enumerable.Range(0, 200).Select(i => $"a = {i}"));
        Assert.Equal("t", SqlParser.ParseSelect(within).Table);
    }

    [Theory]
    [InlineData("{\"a\": 1, \"A\": 2}", ErrorCode.InvalidAttribute, "two attributes name column 'a'")]
    [InlineData("{\"a-b\": 1, \"a_b\": 2}", ErrorCode.InvalidAttribute, "two attributes name column 'a_b'")]
    [InlineData("{\"row_id\": 1}", ErrorCode.InvalidAttribute, "node's own column 'row_id'")]
    [InlineData("{\"Insert_Timestamp\": 1}", ErrorCode.InvalidAttribute, "node's own column 'insert_timestamp'")]
    [InlineData("{\"1abc\": 1}", ErrorCode.InvalidAttribute, "cannot name a column")]
    [InlineData("{\"a\": \"\\ud800\"}", ErrorCode.JsonError, "lone surrogate")]
    public void Rows_the_operator_would_lose_or_refuse_are_refused_with_a_reason(string row, ErrorCode code, string reason)
    {
        var problem = RowCheck.Check(Encoding.UTF8.GetBytes(row), 1);
        Assert.NotNull(problem);
        Assert.Equal(code, problem.Value.Code);
        Assert.Contains(reason, problem.Value.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_utf8_and_json_deeper_than_the_bound_are_refused()
    {
        byte[] invalid = [.. "{\"a\": \""u8, 0xC3, 0x28, .. "\"}"u8];
        Assert.Equal(ErrorCode.JsonError, RowCheck.Check(invalid, 1)?.Code);
        var deep = "{\"a\": " + Repeat("[", InputLimits.JsonDepth) + Repeat("]", InputLimits.JsonDepth) + "}";
        Assert.Equal(ErrorCode.JsonError, RowCheck.Check(Encoding.UTF8.GetBytes(deep), 1)?.Code);
        var fits = "{\"a\": " + Repeat("[", InputLimits.JsonDepth - 1) + Repeat("]", InputLimits.JsonDepth - 1) + ", \"ID\": 1, \"n\": \"é\"}";
        Assert.Null(RowCheck.Check(Encoding.UTF8.GetBytes(fits), 1));
    }

    [Fact]
    public async Task An_unknown_huge_command_is_echoed_cut_in_the_error()
    {
        var result = await _node.RunAsync(new string('x', 1_000_000));
        Assert.Equal(ErrorCode.CommandStructure, result.Code);
        Assert.True(result.Text.Length < 2 * Excerpt.EchoedChars, $"{result.Text.Length} characters echoed");
        Assert.Contains("more characters)", result.Text, StringComparison.Ordinal);
    }

    public ValueTask DisposeAsync() => _node.DisposeAsync();
}
