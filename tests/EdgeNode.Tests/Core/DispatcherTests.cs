using EdgeNode.Core.Commands;

namespace EdgeNode.Tests.Core;

public sealed class DispatcherTests : IAsyncLifetime
{
    private readonly TestNode _node = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _node.DisposeAsync();

    [Fact]
    public async Task Assignment_stores_values_and_command_outputs()
    {
        await _node.OkAsync("dbms = lsl_demo");
        Assert.Equal("lsl_demo", _node.Var("dbms"));
        await _node.OkAsync("set node name n1");
        await _node.OkAsync("status = get status");
        Assert.Equal($"n1@{_node.Node.Address} running", _node.Var("status"));
        await _node.OkAsync("set other = !dbms");
        Assert.Equal("lsl_demo", _node.Var("other"));
    }

    [Theory]
    [InlineData("x = test", "test")]
    [InlineData("x = query", "query")]
    [InlineData("x = \"get status\"", "get status")]
    [InlineData("x = blockchain", "blockchain")]
    [InlineData("x = process", "process")]
    [InlineData("x = hello world", "hello world")]
    public async Task A_right_side_that_is_not_a_complete_command_is_stored_as_text(string line, string expected)
    {
        await _node.OkAsync(line);
        Assert.Equal(expected, _node.Var("x"));
    }

    [Fact]
    public async Task Empty_quoted_value_deletes_the_key()
    {
        await _node.OkAsync("x = 1");
        await _node.OkAsync("x = \"\"");
        Assert.Null(_node.Var("x"));
    }

    [Fact]
    public async Task Variables_print_and_concatenate()
    {
        await _node.OkAsync("a = abc");
        await _node.OkAsync("b = def");
        Assert.Equal("abc", await _node.OkAsync("!a"));
        Assert.Equal("abcdef", await _node.OkAsync("!a + !b"));
        await _node.OkAsync("c = !a + _ + !b");
        Assert.Equal("abc_def", _node.Var("c"));
        Assert.Equal(Environment.GetEnvironmentVariable("HOME"), await _node.OkAsync("$HOME"));
    }

    [Fact]
    public async Task References_with_path_suffixes_and_typed_suffixes_substitute()
    {
        await _node.OkAsync("dir = /opt/scripts");
        await _node.OkAsync("port = 32148");
        Assert.Equal("/opt/scripts/main.al 32148 !!remote", await _node.OkAsync("echo !dir/main.al !port.int !!remote"));
    }

    [Fact]
    public async Task Json_groups_substitute_unquoted_references_as_json_values()
    {
        await _node.OkAsync("name = op1");
        await _node.OkAsync("port = 32148");
        await _node.OkAsync("policy = {\"operator\": {\"name\": !name, \"port\": !port.int, \"ip\": \"!external_ip\"}}");
        Assert.Equal("{\"operator\": {\"name\": \"op1\", \"port\": 32148, \"ip\": \"!external_ip\"}}", _node.Var("policy"));
    }

    [Fact]
    public async Task Unknown_command_is_an_error_with_code_and_position()
    {
        var result = await _node.RunAsync("frobnicate the node");
        Assert.Equal(ErrorCode.CommandStructure, result.Code);
        Assert.Equal(0, result.Position);
        Assert.StartsWith("Error 2: Error Command Structure: unknown command 'frobnicate the node'", result.ErrorLine, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_get_lists_the_get_commands()
    {
        var result = await _node.RunAsync("get nothing");
        Assert.True(result.IsError);
        Assert.Contains("get status", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ampersand_runs_both_commands()
    {
        await _node.OkAsync("a = 1 & b = 2");
        Assert.Equal("1", _node.Var("a"));
        Assert.Equal("2", _node.Var("b"));
    }

    [Theory]
    [InlineData("python 5 * (3 + 2)", "25")]
    [InlineData("python 7 / 2", "3.5")]
    [InlineData("python 7 // 2", "3")]
    [InlineData("python -7 % 3", "2")]
    [InlineData("python 2 ** 10", "1024")]
    [InlineData("python 'abc'.upper() + \"-x\"", "ABC-x")]
    [InlineData("python 'a,b,c'.split(',')[1]", "b")]
    [InlineData("python len('hello')", "5")]
    [InlineData("python int('42') + 1", "43")]
    [InlineData("python round(2.675, 2)", "2.67")]
    [InlineData("python 0.1 + 0.2", "0.30000000000000004")]
    [InlineData("python 1e-5", "1e-05")]
    [InlineData("python 3 > 2 and 'x' in 'xyz'", "True")]
    [InlineData("python [1, 2] + [3]", "[1, 2, 3]")]
    [InlineData("python 'hello'[1:3]", "el")]
    [InlineData("python max(3, 9, 4)", "9")]
    [InlineData("python 'even' if 4 % 2 == 0 else 'odd'", "even")]
    [InlineData("python 1 if False else 2 if False else 3", "3")]
    [InlineData("python 2 ** 3 ** 2", "512")]
    [InlineData("python -2 ** 2", "-4")]
    [InlineData("python [1, 2, 3][-1]", "3")]
    [InlineData("python 'x' not in ['a', 'b']", "True")]
    public async Task Python_evaluates_arithmetic_and_strings(string line, string expected) =>
        Assert.Equal(expected, await _node.OkAsync(line));

    // what python3 prints for each: the operand Python skips is never evaluated, so its error never happens
    [Theory]
    [InlineData("python 1 == 1 or 1/0", "True")]
    [InlineData("python 0 and undefined_name", "0")]
    [InlineData("python '' and 1/0", "")]
    [InlineData("python [] or 'default'", "default")]
    [InlineData("python None or 0", "0")]
    [InlineData("python 2 and 3", "3")]
    [InlineData("python 1 if True else 1/0", "1")]
    [InlineData("python 1/0 if False else 2", "2")]
    [InlineData("python 'a' if 1 > 2 else 'b' if 3 else undefined_name", "b")]
    [InlineData("python not (0 and 1/0)", "True")]
    [InlineData("python 1 < 2 < 3", "True")]
    [InlineData("python 1 < 3 < 2", "False")]
    [InlineData("python 3 < 1 < 1/0", "False")]
    [InlineData("python 1 == 1.0 != 2", "True")]
    [InlineData("python 0 and os.name", "0")]
    public async Task Python_and_or_and_if_else_short_circuit_as_python_does(string line, string expected) =>
        Assert.Equal(expected, await _node.OkAsync(line));

    [Theory]
    [InlineData("python 0 or 1/0", "division by zero at position 13")]
    [InlineData("python 1 and undefined_name", "name 'undefined_name' is not defined at position 13")]
    [InlineData("python 1 if False else 1/0", "division by zero at position 24")]
    [InlineData("python 1 < 2 < 1/0", "division by zero at position 16")]
    [InlineData("python 0 and 1 +", "expression ends too early at position 16")]
    public async Task Python_fails_on_the_operand_it_does_evaluate_and_on_any_syntax_error(string line, string detail)
    {
        var result = await _node.RunAsync(line);
        Assert.Equal(ErrorCode.ExpressionError, result.Code);
        Assert.EndsWith(detail, result.ErrorLine, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Python_substitutes_variables_and_rejects_what_it_cannot_do()
    {
        await _node.OkAsync("n = 4");
        Assert.Equal("16", await _node.OkAsync("python !n * !n"));
        var error = await _node.RunAsync("python __import__('os')");
        Assert.Equal(ErrorCode.ExpressionError, error.Code);
        Assert.Equal(ErrorCode.ExpressionError, (await _node.RunAsync("python 1 / 0")).Code);
    }

    [Theory]
    [InlineData("python 10 / 0", "division by zero at position 10")]
    [InlineData("python 1 + 'a'", "unsupported operand types for +: 1 and 'a' at position 9")]
    [InlineData("python !missing * 2", "'!missing' is not declared at position 7")]
    [InlineData("python 'abc'[7]", "string index out of range at position 12")]
    [InlineData("python open('x')", "function 'open' is not available at position 7")]
    [InlineData("python os.name", "name 'os' is not defined at position 7")]
    [InlineData("python (1 + 2", "unbalanced '(' at position 7")]
    [InlineData("python 'abc", "unterminated ' string starting at position 7")]
    [InlineData("python 1 if True", "expected 'else' at position 16")]
    public async Task Python_errors_name_the_position_in_the_line(string line, string detail)
    {
        var result = await _node.RunAsync(line);
        Assert.True(result.IsError);
        Assert.EndsWith(detail, result.ErrorLine, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_typed_reference_that_does_not_convert_names_its_word()
    {
        await _node.OkAsync("n = 3.7");
        await _node.OkAsync("company = \"New Company\"");
        Assert.Equal("3 3.7 3.7 true new_company 11", await _node.OkAsync("echo !n.int !n.float !n.str !n.bool !company.name !company.len"));
        var error = await _node.RunAsync("echo value !company.int");
        Assert.Equal("Error 5: Wrong option value type: value 'New Company' is not an int ('!company.int' at position 11)", error.ErrorLine);
        Assert.Equal(11, error.Position);
    }

    [Fact]
    public async Task Incr_adds_and_stores_when_given_a_key()
    {
        Assert.Equal("7", await _node.OkAsync("incr 3 4"));
        await _node.OkAsync("counter = 1");
        Assert.Equal("2", await _node.OkAsync("incr counter"));
        Assert.Equal("2", _node.Var("counter"));
        await _node.OkAsync("counter = incr !counter 10");
        Assert.Equal("12", _node.Var("counter"));
    }

    [Fact]
    public async Task Get_dictionary_filters_and_formats()
    {
        var table = await _node.OkAsync("get dictionary _dir");
        Assert.Contains("watch_dir", table, StringComparison.Ordinal);
        Assert.DoesNotContain("node_name", table, StringComparison.Ordinal);
        var json = await _node.OkAsync("get dictionary where format = json");
        Assert.StartsWith("{\"", json, StringComparison.Ordinal);
        Assert.Contains($"\"node_name\": \"edgenode\"", json, StringComparison.Ordinal);
        Assert.Equal(_node.Var("watch_dir"), await _node.OkAsync("get !watch_dir"));
    }

    [Fact]
    public async Task Home_directories_follow_set_home_and_are_created_on_request()
    {
        var home = Path.Combine(_node.Home, "other");
        await _node.OkAsync($"set anylog home {home}");
        Assert.Equal(Path.Combine(home, "EdgeLake", "data", "watch"), _node.Var("watch_dir"));
        Assert.Equal(Path.Combine(home, "EdgeLake", "blockchain", "blockchain.json"), _node.Var("blockchain_file"));
        await _node.OkAsync("create work directories");
        foreach (var key in new[] { "prep_dir", "watch_dir", "bkup_dir", "err_dir", "dbms_dir", "archive_dir", "distr_dir", "pem_dir", "blobs_dir", "bwatch_dir", "tmp_dir", "blockchain_dir" })
            Assert.True(Directory.Exists(_node.Var(key)), key);
    }

    [Fact]
    public async Task Status_version_and_node_id()
    {
        await _node.OkAsync("set node name op7");
        Assert.Equal("op7@127.0.0.1 running", await _node.OkAsync("get status"));
        var json = await _node.RunAsync("get status where format = json");
        Assert.Equal(OutputFormat.Json, json.Format);
        Assert.Equal("{\"Status\": \"op7@127.0.0.1 running\", \"assigned_name\": \"op7@127.0.0.1\", \"status\": \"running\", \"profiling\": false}", json.Text);
        Assert.StartsWith("EdgeNode Version: 1.", await _node.OkAsync("get version"), StringComparison.Ordinal);
        var id = await _node.OkAsync("get node id");
        Assert.Matches("^[0-9a-f]{32}$", id);
        Assert.Equal(id, await _node.OkAsync("get node id"));
    }

    [Fact]
    public async Task Errors_and_events_are_logged()
    {
        await _node.RunAsync("no such thing");
        Assert.Contains("no such thing", await _node.OkAsync("get error log"), StringComparison.Ordinal);
        await _node.OkAsync("echo hello queue");
        Assert.Contains("hello queue", await _node.OkAsync("get echo queue"), StringComparison.Ordinal);
        await _node.OkAsync("reset error log");
        Assert.DoesNotContain("no such thing", await _node.OkAsync("get error log"), StringComparison.Ordinal);
    }
}
