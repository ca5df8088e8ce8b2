using System.Net.Http.Headers;

namespace EdgeNode.IntegrationTests.Packaging;

/// <summary>
/// A published node started as EdgeNode's image starts it: <c>deploy/docker/entrypoint.sh</c> beside the program's folder
/// in a folder laid out as the image's <c>/opt/edgenode</c>, the settings of the image's environment (home, where the
/// single file unpacks SQLite's native library). The program is the single self-contained file
/// (<c>scripts/publish.sh --single</c>, built by <c>scripts/test.sh</c> before the tests), or the executable named by
/// <c>EDGENODE_EXECUTABLE</c>: <c>scripts/test.sh</c> runs this class again with the Native AOT executable, the one the
/// image ships.
/// </summary>
public sealed class PublishedNodeTests : IDisposable
{
    private static string Program => NodeProcess.Command is [var published] ? published : RepositoryFiles.Path("artifacts/single/edgenode");

    private readonly string _image = Directory.CreateTempSubdirectory("edgenode-image-").FullName;

    /// <summary>
    /// The image's <c>/opt/edgenode</c>: the entry point and the program's folder (the AOT executable has SQLite's library
    /// beside it); the deployment scripts are not needed here.
    /// </summary>
    private string EntryPoint()
    {
        Assert.True(File.Exists(Program), $"{Program} is missing: scripts/test.sh builds it before the tests (scripts/publish.sh --single)");
        Directory.CreateSymbolicLink(Path.Combine(_image, "edgenode"), Path.GetDirectoryName(Program)!);
        var entryPoint = Path.Combine(_image, "entrypoint.sh");
        File.Copy(RepositoryFiles.Path("deploy/docker/entrypoint.sh"), entryPoint);
        return entryPoint;
    }

    private Dictionary<string, string> ImageEnvironment(params (string Key, string Value)[] more)
    {
        var environment = new Dictionary<string, string> { ["DOTNET_BUNDLE_EXTRACT_BASE_DIR"] = Path.Combine(_image, ".net"), ["NODE_TYPE"] = "" };
        foreach (var (key, value) in more) environment[key] = value;
        return environment;
    }

    private static async Task<string> RestCommandAsync(int port, string command)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}/");
        request.Headers.TryAddWithoutValidation("command", command);
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("AnyLog", "1.23"));
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        return await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
    }

    private static string RestServer(int port) => $"run rest server where internal_ip = 127.0.0.1 and internal_port = {port} and bind = true";

    [Fact]
    public async Task With_arguments_the_published_node_runs_them_answers_REST_queries_SQLite_and_stops_on_SIGTERM()
    {
        var port = FreePort.Get();
        await using var node = NodeProcess.StartCommand(ImageEnvironment(), "sh", EntryPoint(), "connect dbms smoke where type = sqlite", RestServer(port));

        await Eventually.HoldsAsync(async () =>
        {
            try
            {
                return (await RestCommandAsync(port, "get status")).Contains("running", StringComparison.Ordinal);
            }
            catch (HttpRequestException)
            {
                return false; // not listening yet
            }
        }, $"the published node answering REST on port {port}\n{node.Output}\n{node.Errors}", NodeProcess.EventBudget);
        Assert.Contains("\"two\":2", await RestCommandAsync(port, "sql smoke format = json \"select 1 + 1 as two\""), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(node.Home, "EdgeLake", "data", "dbms", "smoke.dbms")), "the database is in the home the image gives");

        node.Signal(15);
        Assert.True(await node.WaitForExitAsync(NodeProcess.EventBudget), "the node stops on SIGTERM");
        Assert.Equal(0, node.ExitCode);
    }

    [Fact]
    public async Task Without_arguments_it_processes_the_mounted_config_script()
    {
        var port = FreePort.Get();
        var script = Path.Combine(_image, "node.al");
        await File.WriteAllTextAsync(script, $"set node name from_config\n{RestServer(port)}\n", TestContext.Current.CancellationToken);
        await using var node = NodeProcess.StartCommand(ImageEnvironment(("EDGENODE_CONFIG", script)), "sh", EntryPoint());
        node.CloseInput(); // a container without a terminal

        await Eventually.HoldsAsync(async () =>
        {
            try
            {
                return (await RestCommandAsync(port, "get status")).Contains("from_config@", StringComparison.Ordinal);
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, $"the node of the config script answering REST on port {port}\n{node.Output}\n{node.Errors}", NodeProcess.EventBudget);
    }

    [Fact]
    public async Task With_nothing_to_run_it_says_what_to_give_it_and_exits_2()
    {
        await using var node = NodeProcess.StartCommand(ImageEnvironment(("EDGENODE_CONFIG", Path.Combine(_image, "absent.al"))), "sh", EntryPoint());

        Assert.True(await node.WaitForExitAsync(NodeProcess.EventBudget));
        Assert.Equal(2, node.ExitCode);
        Assert.Contains("nothing to run", node.Errors, StringComparison.Ordinal);
        Assert.Contains("NODE_TYPE", node.Errors, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_image, recursive: true);
}
