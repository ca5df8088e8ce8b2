using EdgeNode.Core.Commands;

namespace EdgeNode.Tests.Core;

public sealed class ScriptTests : IAsyncLifetime
{
    private readonly TestNode _node = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _node.DisposeAsync();

    private Task<string> RunScriptAsync(string text) => _node.RunScriptAsync(text);

    [Fact]
    public async Task Goto_labels_and_conditions_loop()
    {
        var output = await RunScriptAsync("""
            i = 0
            :loop:
            i = incr !i
            if !i < 3 then goto loop
            echo done at !i
            """);
        Assert.Equal("done at 3\n", output);
    }

    [Fact]
    public async Task Call_and_return_come_back_after_the_call()
    {
        var output = await RunScriptAsync("""
            call greet
            echo after call
            end script
            :greet:
            echo in greet
            return
            """);
        Assert.Equal("in greet\nafter call\n", output);
    }

    [Fact]
    public async Task If_do_else_chains_take_one_branch()
    {
        var output = await RunScriptAsync("""
            x = 2
            if !x == 1 then echo one
            else if !x == 2 then echo two
            do echo two again
            else echo neither
            if !x == 5
            do echo five
            else echo not five
            """);
        Assert.Equal("two\ntwo again\nnot five\n", output);
    }

    [Fact]
    public async Task Conditions_support_declared_contains_and_grouping()
    {
        var output = await RunScriptAsync("""
            name = operator_node
            if !name contains operator then echo has operator
            if !name startswith oper and !name endswith node then echo both ends
            if !missing is not declared then echo missing is undeclared
            if not !missing then echo not missing
            if (!name == x) or (!name.str != y) then echo grouped
            if !count.int > 5 or !name then echo bare is declared
            empty = ""
            nothing = blockchain get operator where name = nobody bring [*][id]
            if !nothing then echo never printed
            n = 10
            if !n > 9 then echo numeric compare
            """);
        Assert.Equal("has operator\nboth ends\nmissing is undeclared\nnot missing\ngrouped\nbare is declared\nnumeric compare\n", output);
    }

    [Fact]
    public async Task On_error_goto_call_ignore_and_end_script()
    {
        var gotoOutput = await RunScriptAsync("""
            on error goto handler
            bogus command
            echo skipped
            :handler:
            echo handled
            """);
        Assert.Contains("handled", gotoOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("skipped", gotoOutput, StringComparison.Ordinal);
        Assert.Contains("Error 2", gotoOutput, StringComparison.Ordinal);

        var ignoreOutput = await RunScriptAsync("""
            on error ignore
            bogus command
            echo continued
            """);
        Assert.Equal("continued\n", ignoreOutput);

        var endOutput = await RunScriptAsync("""
            on error end script
            bogus command
            echo never
            """);
        Assert.DoesNotContain("never", endOutput, StringComparison.Ordinal);

        var callOutput = await RunScriptAsync("""
            on error call report
            bogus command
            echo back
            end script
            :report:
            echo reporting
            return
            """);
        Assert.EndsWith("reporting\nback\n", callOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_handler_a_failing_line_is_reported_and_the_script_continues()
    {
        var output = await RunScriptAsync("""
            bogus command
            echo next line runs
            """);
        Assert.Contains(".al:1: Error 2: Error Command Structure", output, StringComparison.Ordinal);
        Assert.EndsWith("next line runs\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Angle_bracket_blocks_span_lines()
    {
        await RunScriptAsync("""
            <policy = {"operator" : {
                "name" : "op1",
                "port" : 32148
            }}>
            """);
        Assert.Equal("{\"operator\" : { \"name\" : \"op1\", \"port\" : 32148 }}", _node.Var("policy"));
    }

    [Fact]
    public async Task For_loops_iterate_lists()
    {
        var output = await RunScriptAsync("""
            tables = (t1, t2, t3)
            for loop start where list = !tables and var = table
            echo table !table
            for loop end
            for loop start where list = ()
            echo never
            for loop end
            echo after
            """);
        Assert.Equal("table t1\ntable t2\ntable t3\nafter\n", output);
    }

    [Fact]
    public async Task For_loop_bodies_read_the_current_item_as_list_name_plus()
    {
        var output = await RunScriptAsync("""
            dbms_list = ["lsl", "demo"]
            table_list = (t1, t2)
            for loop start where list = !dbms_list
            for loop start where list = !table_list and var = table
            echo !dbms_list[+].!table_list[+] (!table)
            for loop end
            for loop end
            """);
        Assert.Equal("lsl.t1 (t1)\nlsl.t2 (t2)\ndemo.t1 (t1)\ndemo.t2 (t2)\n", output);
    }

    [Fact]
    public async Task Wait_for_a_condition_returns_when_it_holds()
    {
        var started = DateTime.UtcNow;
        await _node.OkAsync("ready = yes");
        await _node.OkAsync("wait 5 for !ready == yes");
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(2));
        started = DateTime.UtcNow;
        await _node.OkAsync("wait 0.3 for !never_set == 1");
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(250));
    }

    [Fact]
    public async Task Exit_scripts_stops_a_running_thread()
    {
        var path = Path.Combine(_node.Home, "forever.al");
        await File.WriteAllTextAsync(path, """
            :top:
            ticks = incr !ticks
            wait 0.01
            goto top
            """, TestContext.Current.CancellationToken);
        await _node.OkAsync("ticks = 0");
        await _node.OkAsync($"thread {path}");
        await _node.OkAsync("wait 5 for !ticks.int > 3");
        await _node.OkAsync("exit scripts");
        await Task.Delay(100, TestContext.Current.CancellationToken);
        var stopped = _node.Var("ticks");
        await Task.Delay(200, TestContext.Current.CancellationToken);
        Assert.Equal(stopped, _node.Var("ticks"));
        Assert.Equal(0, _node.Node.Scripts.RunningThreads);
    }

    [Fact]
    public async Task Exit_scripts_cancels_a_long_wait_of_a_thread_at_once()
    {
        var path = Path.Combine(_node.Home, "sleeper.al");
        await File.WriteAllTextAsync(path, "started = yes\nwait 600\necho never printed\n", TestContext.Current.CancellationToken);
        await _node.OkAsync($"thread {path}");
        await _node.OkAsync("wait 5 for !started == yes");
        var exited = DateTime.UtcNow;
        await _node.OkAsync("exit scripts");
        await Eventually.HoldsAsync(() => _node.Node.Scripts.RunningThreads == 0, "the thread ended", TimeSpan.FromSeconds(5));
        Assert.True(DateTime.UtcNow - exited < TimeSpan.FromSeconds(5));
        Assert.DoesNotContain("never printed", _node.Output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Error 13", _node.Output.ToString(), StringComparison.Ordinal); // stopped, not failed
        Assert.Equal("done", (await RunScriptAsync("echo done")).Trim()); // later scripts run as usual
    }

    [Fact]
    public async Task Debug_prints_lines_and_nested_process_uses_relative_paths()
    {
        var child = Path.Combine(_node.Home, "child.al");
        await File.WriteAllTextAsync(child, "echo from child\n", TestContext.Current.CancellationToken);
        await _node.OkAsync("set debug on");
        var output = await RunScriptAsync("process child.al\n");
        await _node.OkAsync("set debug off");
        Assert.Contains("] process child.al", output, StringComparison.Ordinal);
        Assert.Contains("[child.al:1] echo from child", output, StringComparison.Ordinal);
        Assert.Contains("from child", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Control_flow_outside_a_script_is_refused()
    {
        Assert.Equal(ErrorCode.NotInScript, (await _node.RunAsync("goto somewhere")).Code);
        Assert.Equal(ErrorCode.FileNotFound, (await _node.RunAsync("process /no/such/script.al")).Code);
        Assert.Equal("yes", await _node.OkAsync("if 1 == 1 then print yes"));
    }

    [Fact]
    public async Task Unterminated_block_and_missing_label_are_errors()
    {
        var path = Path.Combine(_node.Home, "bad.al");
        await File.WriteAllTextAsync(path, "<x = {\"a\": 1\necho\n", TestContext.Current.CancellationToken);
        var result = await _node.RunAsync($"process {path}");
        Assert.Contains("has no closing '>'", result.Text, StringComparison.Ordinal);
        var output = await RunScriptAsync("goto nowhere\necho continues\n");
        Assert.Contains("label ':nowhere:' is not defined", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_if_without_then_assigns_the_value_of_its_condition()
    {
        await _node.OkAsync("a = 5");
        await _node.OkAsync("missing = if not !a");
        await _node.OkAsync("big = if !a.int > 3");
        await _node.OkAsync("flag = if !undeclared_name");
        Assert.Equal("false", _node.Var("missing"));
        Assert.Equal("true", _node.Var("big"));
        Assert.Equal("false", _node.Var("flag"));
        Assert.Equal("", await _node.OkAsync("if !a == 5")); // not assigned: nothing printed
    }

    [Fact]
    public async Task Trace_level_is_set_per_command()
    {
        await _node.OkAsync("trace level = 2 get status");
        Assert.Equal(2, _node.Node.Trace.LevelFor("get status"));
        await _node.OkAsync("get status");
        await _node.RunAsync("get status where format = yaml");
        var events = await _node.OkAsync("get event log");
        Assert.Contains("|[Cli] get status ", events, StringComparison.Ordinal);
        Assert.Matches(@"\|\[Cli\] get status -> ok, \d+ chars in [\d.]+ ms", events);
        Assert.Contains("|[Cli] get status where format = yaml -> Error 5: Wrong option value type: option 'format'", events,
            StringComparison.Ordinal); // the log table wraps messages at 100 characters

        await _node.OkAsync("trace level = 1 get node id");
        await _node.OkAsync("get node id");
        events = await _node.OkAsync("get event log");
        Assert.Contains("|[Cli] get node id", events, StringComparison.Ordinal);
        Assert.DoesNotContain("get node id ->", events, StringComparison.Ordinal); // level 1: the call only

        await _node.OkAsync("trace level = 0 get status");
        Assert.Equal(0, _node.Node.Trace.LevelFor("get status"));
        var error = await _node.RunAsync("trace level = 1 no such command");
        Assert.Equal("Error 2: Error Command Structure: unknown command 'no such command' to trace at position 16", error.ErrorLine);
    }
}
