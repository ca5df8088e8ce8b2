namespace EdgeNode.IntegrationTests.Storage;

/// <summary>Storage through the real executable: commands typed on standard input, files left on disk after exit.</summary>
public sealed class StorageExecutableTests
{
    [Fact]
    public async Task Rows_loaded_through_the_console_are_in_the_dbms_file_after_exit()
    {
        await using var node = NodeProcess.Start();
        Assert.Equal("Database shop using sqlite connected!", await node.RunAsync("connect dbms shop where type = sqlite"));
        await node.RunAsync("sql shop \"create table sales (id int, amount decimal, sold timestamp)\"");
        Assert.Equal("2 rows affected",
            await node.RunAsync("sql shop \"insert into sales values (1, 9.5, '2026-11-28 10:00:00.000000'), (2, 0.5, '2026-11-28 11:00:00.000000')\""));
        var table = await node.RunAsync("sql shop format = table and stat = false \"select id, amount from sales order by id\"");
        Assert.Equal("\nid amount\n-- ------ \n 1    9.5 \n 2    0.5 ", table.TrimEnd('\n'));
        var error = await node.RunAsync("sql shop \"select * from missing\"");
        Assert.Contains("Error 24: Table not found: no such table: missing", error, StringComparison.Ordinal);
        await node.SendAsync("exit node");
        Assert.True(await node.WaitForExitAsync(NodeProcess.EventBudget), node.Output);

        var file = Path.Combine(node.Home, "EdgeLake", "data", "dbms", "shop.dbms");
        Assert.True(File.Exists(file));
        var wal = file + "-wal";
        Assert.True(!File.Exists(wal) || new FileInfo(wal).Length == 0, "the WAL is checkpointed into the database file at shutdown");
        await using var reopened = new TestNode();
        Directory.CreateDirectory(Path.Combine(reopened.Home, "EdgeLake", "data", "dbms"));
        File.Copy(file, Path.Combine(reopened.Home, "EdgeLake", "data", "dbms", "shop.dbms"));
        await reopened.OkAsync("connect dbms shop where type = sqlite");
        Assert.Equal("{\"Query\":[{\"sum(amount)\":10.0}]}", await reopened.OkAsync("sql shop stat = false \"select sum(amount) from sales\""));
    }
}
