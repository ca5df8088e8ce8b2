using System.Text.RegularExpressions;

namespace EdgeNode.Tests.Ingest;

/// <summary>
/// What the operator does with files it cannot load yet (their DBMS is not connected) and with duplicates when the user
/// did not say <c>update_tsd_info</c>: driven through the command language, checked on the watch dir, error dir and rows.
/// </summary>
public sealed class OperatorDefaultsTests
{
    private static readonly string Row = OperatorNode.Rows("{\"ts\": \"2026-11-28T02:00:00Z\", \"v\": 1}", "{\"ts\": \"2026-11-28T02:00:01Z\", \"v\": 2}");

    [Fact]
    public async Task A_file_of_a_dbms_not_connected_yet_waits_in_the_watch_dir_and_loads_once_it_is_connected()
    {
        await using var node = await OperatorNode.StartAsync();
        var waiting = node.Drop("later.readings.0.0.0.json", Row);
        await OperatorNode.WaitUntilAsync(async () => (await node.OperatorErrorsAsync()).Contains("waits in the watch dir", StringComparison.Ordinal),
            "the error shown by get operator");
        var errors = await node.OperatorErrorsAsync();
        Assert.Contains("\"counter\": 1, ", errors, StringComparison.Ordinal);
        Assert.Contains("\"dbms name\": \"later\", \"table name\": \"readings\", \"last error\": 21, \"last error text\": \"DBMS 'later' is not connected", errors,
            StringComparison.Ordinal);
        // the error is reported as the attempt ends, the file counted as waiting just after
        await OperatorNode.WaitUntilAsync(async () => Regex.IsMatch(await node.Node.OkAsync("get operator config"), @"Waiting for DBMS\s*\|\s*1\|"),
            "get operator config counts the waiting file");
        await node.Node.OkAsync("wait 1.5"); // several retries happen meanwhile; the file stays and is counted once
        Assert.True(File.Exists(waiting));
        Assert.Empty(Directory.GetFiles(node.ErrDir));
        Assert.DoesNotContain("later", await node.Node.OkAsync("time file get"), StringComparison.Ordinal); // not registered while it waits
        Assert.Contains("\"type\": \"JSON Errors\", \"counter\": 1, ", await node.OperatorErrorsAsync(), StringComparison.Ordinal);
        // more files of that DBMS queue up behind its retry gate (one probe per period, not one try per file)
        for (var f = 1; f <= 5; f++)
            node.Drop($"later.readings.dev{f}.0.0.json", OperatorNode.Rows($"{{\"ts\": \"2026-11-28T02:00:0{f}Z\", \"v\": {f * 10}}}"));
        await OperatorNode.WaitUntilAsync(async () => Regex.IsMatch(await node.Node.OkAsync("get operator config"), @"Waiting for DBMS\s*\|\s*6\|"),
            "6 files waiting");
        Assert.Equal(6, Directory.GetFiles(node.WatchDir).Length);

        await node.Node.OkAsync("connect dbms later where type = sqlite");
        await node.WaitForRowsAsync("readings", 7, "later");
        await node.WaitForWatchDirEmptyAsync();
        Assert.Empty(Directory.GetFiles(node.ErrDir));
        await OperatorNode.WaitUntilAsync(async () => Regex.IsMatch(await node.Node.OkAsync("get operator config"), @"Waiting for DBMS\s*\|\s*0\|"),
            "no file waiting any more");
        Assert.Equal(6, (await node.Node.OkAsync("time file get")).Split('\n').Count(l => l.Contains("|later|readings|", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Reprocess_error_files_moves_files_back_once_their_cause_is_fixed_and_they_load_under_their_tsd_entry()
    {
        await using var node = await OperatorNode.StartAsync("create_table = false and delete_json = true");
        node.Drop("test.undeclared.dev1.0.0.json", Row);
        node.Drop("broken.json", Row);
        var failed = await node.WaitForFilesAsync(node.ErrDir, 4);
        Assert.Contains(failed, f => Path.GetFileName(f).StartsWith("test.undeclared.dev1.0.0.err_24.", StringComparison.Ordinal));
        Assert.Equal("0 file(s) moved from " + node.ErrDir + " to " + node.WatchDir,
            await node.Node.OkAsync("reprocess error files where code = 24 and table = other"));

        await node.Node.OkAsync("exit operator");
        await node.RunOperatorAsync("create_table = true and delete_json = true");
        Assert.Equal("1 file(s) moved from " + node.ErrDir + " to " + node.WatchDir, await node.Node.OkAsync("reprocess error files where code = 24"));
        await node.WaitForRowsAsync("undeclared", 2);
        await node.WaitForWatchDirEmptyAsync();
        var left = Directory.GetFiles(node.ErrDir).Select(Path.GetFileName).ToList();
        Assert.Equal(2, left.Count); // the badly named file (error 9) and its reason stay
        Assert.All(left, f => Assert.StartsWith("broken.err_9.", f, StringComparison.Ordinal));
        // its tsd_info entry (err_24 before) is the one completed, once the file left the watch dir
        await OperatorNode.WaitUntilAsync(async () => (await node.Node.OkAsync("time file get where dbms = test and table = undeclared")).Contains("|ok      |",
            StringComparison.Ordinal), "the entry completed");
        var entries = await node.Node.OkAsync("time file get where dbms = test and table = undeclared");
        Assert.Single(entries.Split('\n'), l => l.Contains("|undeclared|", StringComparison.Ordinal));
        Assert.True((await node.Node.RunAsync("reprocess error files where code = soon")).IsError);
    }

    [Fact]
    public async Task Without_update_tsd_info_files_are_recorded_when_tsd_info_exists_and_a_duplicate_is_refused()
    {
        await using var node = await OperatorNode.StartAsync("delete_json = true");
        Assert.Contains("Update tsd_info |True", await node.Node.OkAsync("get operator config"), StringComparison.Ordinal);
        node.Drop("test.twice.0.0.0.json", Row);
        await node.WaitForRowsAsync("twice", 2);
        await node.WaitForWatchDirEmptyAsync();
        node.Drop("test.twice.0.0.0.json", Row);
        var refused = await node.WaitForFilesAsync(node.ErrDir, 2);
        Assert.Contains(refused, f => Path.GetFileName(f).StartsWith("test.twice.0.0.0.err_72.", StringComparison.Ordinal));
        Assert.Equal(2, await node.CountAsync("twice"));
    }

    [Fact]
    public async Task Without_tsd_info_the_operator_says_files_are_not_recorded_and_an_explicit_false_is_kept()
    {
        await using var node = await OperatorNode.StartAsync(run: false);
        var recorded = await node.RunOperatorAsync("update_tsd_info = false");
        Assert.DoesNotContain("not recorded", recorded, StringComparison.Ordinal);
        Assert.Contains("Update tsd_info |False", await node.Node.OkAsync("get operator config"), StringComparison.Ordinal);
        await node.Node.OkAsync("exit operator");

        await node.Node.OkAsync("drop table tsd_info where dbms = almgm");
        var reply = await node.RunOperatorAsync("");
        Assert.Contains("Files are not recorded (no almgm.tsd_info)", reply, StringComparison.Ordinal);
        Assert.Contains("create table tsd_info where dbms = almgm", reply, StringComparison.Ordinal);
        Assert.Contains("Update tsd_info |False", await node.Node.OkAsync("get operator config"), StringComparison.Ordinal);
    }
}
