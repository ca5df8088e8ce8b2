namespace EdgeNode.IntegrationTests.Ingest;

/// <summary>The README's first command: <c>edgenode process examples/demo.al</c> on a fresh home, then again on the same home.</summary>
public sealed class DemoTests
{
    private static string DemoScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var script = Path.Combine(dir.FullName, "examples", "demo.al");
            if (File.Exists(script)) return script;
        }
        Assert.Fail("examples/demo.al not found above the test binaries");
        return "";
    }

    [Fact]
    public async Task The_demo_loads_the_example_files_prints_the_queries_and_loads_nothing_twice_when_run_again()
    {
        using var http = new HttpClient();
        var home = Directory.CreateTempSubdirectory("edgenode-it-demo-").FullName;
        try
        {
            for (var run = 1; run <= 2; run++)
            {
                var restPort = FreePort.Get();
                await using var node = NodeProcess.Start(home, $"rest_port = {restPort}", "process", DemoScript());
                await node.WaitForOutputAsync("EdgeNode demo node demo-node is running", NodeProcess.EventBudget);
                await node.WaitForOutputAsync($"-H 'User-Agent: AnyLog/1.23' http://127.0.0.1:{restPort}", NodeProcess.EventBudget); // the script's last line
                var output = node.Output;
                Assert.Contains("lab             80    19.23    22.75         43.7     863", output, StringComparison.Ordinal);
                Assert.Contains("PM2         60     229.8 2.182             1", output, StringComparison.Ordinal);
                Assert.DoesNotContain("Error", output, StringComparison.Ordinal);
                Assert.Equal("[{\"n\":360}]", await node.RunAsync("sql demo format = json:list and stat = false \"select (select count(*) from room_climate) + (select count(*) from power_meter) as n\""));
                using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{restPort}/");
                request.Headers.Add("command", "sql demo format = json:list and stat = false \"select count(*) as n from power_meter\"");
                request.Headers.Add("User-Agent", "AnyLog/1.23");
                using var reply = await http.SendAsync(request, TestContext.Current.CancellationToken);
                Assert.Equal("[{\"n\":120}]", (await reply.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Trim());
                Assert.Empty(Directory.GetFiles(Path.Combine(home, "EdgeLake", "data", "error")));
                Assert.Equal(5, Directory.GetFiles(Path.Combine(home, "EdgeLake", "data", "archive"), "*.json.gz", SearchOption.AllDirectories).Length);
            }
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }
}
