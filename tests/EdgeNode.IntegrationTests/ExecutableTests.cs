

namespace EdgeNode.IntegrationTests;

/// <summary>The real executable, driven as a user drives it: arguments, standard input, script files, signals.</summary>
public sealed class ExecutableTests
{
    private static readonly TimeSpan Exit = NodeProcess.EventBudget;

    [Fact]
    public async Task Version_and_help_print_and_exit()
    {
        await using var version = NodeProcess.Start(null, "--version");
        Assert.True(await version.WaitForExitAsync(Exit));
        Assert.Equal(0, version.ExitCode);
        Assert.StartsWith("EdgeNode 1.", version.Output, StringComparison.Ordinal);

        await using var help = NodeProcess.Start(null, "--help");
        Assert.True(await help.WaitForExitAsync(Exit));
        Assert.Contains("edgenode process <file>", help.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_option_is_rejected_with_usage()
    {
        await using var node = NodeProcess.Start(null, "--bogus");
        Assert.True(await node.WaitForExitAsync(Exit));
        Assert.Equal(2, node.ExitCode);
        Assert.Contains("unknown option '--bogus'", node.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Commands_from_standard_input_run_and_exit_node_stops_it()
    {
        await using var node = NodeProcess.Start();
        await node.SendAsync("set node name stdin-node");
        Assert.Matches(@"^stdin-node@\d+\.\d+\.\d+\.\d+ running$", await node.RunAsync("get status"));
        await node.SendAsync("set external_ip = 127.0.0.1");
        Assert.Equal("stdin-node@127.0.0.1 running", await node.RunAsync("get status"));
        Assert.Equal("12", await node.RunAsync("python 3 * 4"));
        var error = await node.RunAsync("get (unbalanced");
        Assert.Contains("Error 2: Error Command Structure: unbalanced '(' at position 4", error, StringComparison.Ordinal);
        Assert.Contains("TCP            |Not declared|", await node.RunAsync("get processes"), StringComparison.Ordinal);
        await node.SendAsync("exit node");
        Assert.True(await node.WaitForExitAsync(Exit), node.Output);
        Assert.Equal(0, node.ExitCode);
    }

    [Fact]
    public async Task Script_given_as_argument_runs_then_the_node_stays_up_until_sigterm()
    {
        var script = Path.Combine(Path.GetTempPath(), $"edgenode-{Guid.NewGuid():N}.al");
        await File.WriteAllTextAsync(script, """
            # a script with control flow
            counter = 0
            :again:
            counter = incr !counter
            if !counter.int < 3 then goto again
            echo counted to !counter
            on error goto failed
            no such command here
            echo not reached
            :failed:
            echo handled the error
            """, TestContext.Current.CancellationToken);
        try
        {
            await using var node = NodeProcess.Start(null, "process", script);
            await node.WaitForOutputAsync("counted to 3");
            await node.WaitForOutputAsync("handled the error");
            Assert.DoesNotContain("not reached", node.Output, StringComparison.Ordinal);
            node.CloseInput(); // end of input is not a reason to stop: the node keeps serving
            await Task.Delay(300, TestContext.Current.CancellationToken);
            Assert.False(node.HasExited);
            node.Signal(15);
            Assert.True(await node.WaitForExitAsync(Exit), "SIGTERM did not stop the node");
            Assert.Equal(0, node.ExitCode);
        }
        finally
        {
            File.Delete(script);
        }
    }

    [Fact]
    public async Task A_block_in_angle_brackets_spans_lines_of_standard_input()
    {
        await using var node = NodeProcess.Start();
        await node.SendAsync("<policy = {\"table\": {\"name\": \"t1\",");
        await node.SendAsync("   \"dbms\": \"test\"}}>");
        Assert.Equal("{\"table\": {\"name\": \"t1\", \"dbms\": \"test\"}}", await node.RunAsync("get !policy"));
        Assert.Equal("one line", await node.RunAsync("<echo one line>"));
    }

    [Fact]
    public async Task The_home_comes_from_EDGENODE_HOME_when_not_given()
    {
        var home = Directory.CreateTempSubdirectory("edgenode-env-").FullName;
        try
        {
            await using var node = NodeProcess.StartWithHomeVariable(home);
            Assert.Equal(Path.Combine(home, "EdgeLake", "blockchain", "blockchain.json"), await node.OkAsync("!blockchain_file"));
            await node.OkAsync("create work directories");
            Assert.True(Directory.Exists(Path.Combine(home, "EdgeLake", "data", "watch")));
            await node.SendAsync("exit node");
            Assert.True(await node.WaitForExitAsync(Exit), node.Output);
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    [Fact]
    public async Task SIGTERM_stops_listeners_before_pipelines_and_logs_the_order()
    {
        var tcp = FreePort.Get();
        var rest = FreePort.Get();
        await using var node = NodeProcess.Start();
        await node.OkAsync($"run tcp server where external_ip = 127.0.0.1 and external_port = {tcp} and internal_ip = 127.0.0.1 and internal_port = {tcp} and bind = true");
        await node.OkAsync($"run rest server where external_ip = 127.0.0.1 and external_port = {rest} and internal_ip = 127.0.0.1 and internal_port = {rest} and bind = true");
        await node.OkAsync("run streamer");
        var processes = await node.OkAsync("get processes");
        Assert.Matches(@"TCP +\|Running +\|Listening on: 127\.0\.0\.1:" + tcp, processes);
        Assert.Matches(@"Streamer +\|Running +\|Default streaming thresholds", processes);

        node.Signal(15);
        Assert.True(await node.WaitForExitAsync(Exit), "SIGTERM did not stop the node");
        Assert.Equal(0, node.ExitCode);
        var log = NodeLogFile.Read(node.Home);
        var stops = log.Split('\n').Where(l => l.Contains(" stopped (", StringComparison.Ordinal)).ToList();
        // TCP and REST, then in parallel the streamer and what runs from boot: the system scheduler and the query pool
        Assert.Equal(5, stops.Count);
        Assert.All(stops.Take(2), line => Assert.Contains("(Listener stage of shutdown)", line, StringComparison.Ordinal));
        Assert.Contains(stops.Skip(2), line => line.Contains("Streamer stopped (Pipeline stage of shutdown)", StringComparison.Ordinal));
        Assert.Contains(stops.Skip(2), line => line.Contains("Scheduler stopped (Pipeline stage of shutdown)", StringComparison.Ordinal));
        Assert.Contains(stops.Skip(2), line => line.Contains("Query Pool stopped (Pipeline stage of shutdown)", StringComparison.Ordinal));
        Assert.Contains("TCP started: Listening on: 127.0.0.1:" + tcp, log, StringComparison.Ordinal); // events reach the file without a terminal
    }

    [Fact]
    public async Task SIGINT_cancels_the_running_command_and_the_node_carries_on()
    {
        await using var node = NodeProcess.Start();
        await node.OkAsync("trace level = 1 wait"); // the event log (and its file) shows when 'wait' has begun
        await node.SendAsync("wait 60");
        await NodeLogFile.WaitForAsync(node.Home, "[Cli] wait 60", "the wait started");
        node.Signal(2);
        await node.WaitForOutputAsync("Error 13: Command cancelled: cancelled by the caller");
        Assert.Equal("still running", await node.OkAsync("echo still running"));
        node.Signal(2); // nothing running: stop the node
        Assert.True(await node.WaitForExitAsync(Exit), node.Output);
        Assert.Equal(0, node.ExitCode);
    }

    [Fact]
    public async Task Malformed_commands_print_an_error_with_code_and_position_and_the_node_keeps_running()
    {
        await using var node = NodeProcess.Start();
        string[][] cases =
        [
            ["get status where format = xml", "Error 5: Wrong option value type: option 'format' expects table or json, got 'xml' at position 26"],
            ["blockchain get (operator where", "Error 2: Error Command Structure: unbalanced '(' at position 15"],
            ["python 4 / 0", "Error 16: Expression error: python: division by zero at position 9"],
            ["incr !undeclared", "Error 5: Wrong option value type: '!undeclared' is not declared at position 5"],
            ["run nothing here", "Error 2: Error Command Structure: unknown command 'run nothing here' at position 0"],
            ["get dictionary where colour = red", "Error 4: Unrecognized option: unknown option 'colour' at position 21"],
            ["blockchain insert where local = true", "Error 6: Missing required option: missing required option 'policy' (after position 36)"],
            ["blockchain insert", "Error 6: Missing required option: missing required option 'policy': expected 'where ...' at position 17"],
            ["blockchain get operator bring.oops", "Error 2: Error Command Structure: unknown bring variant 'oops' in 'bring.oops' at position 24"],
        ];
        foreach (var (line, error) in cases.Select(c => (c[0], c[1])))
            Assert.StartsWith(error, await node.RunAsync(line), StringComparison.Ordinal);
        Assert.Equal("alive", await node.OkAsync("echo alive"));
    }

    [Fact]
    public async Task Commands_given_as_arguments_run_in_order()
    {
        await using var node = NodeProcess.Start(null, "x = 5", "echo value is !x");
        await node.WaitForOutputAsync("value is 5");
        node.Signal(2); // SIGINT without a prompt stops the node
        Assert.True(await node.WaitForExitAsync(Exit));
    }
}
