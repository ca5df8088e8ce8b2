using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using EdgeNode.InteropTests.Peers;

namespace EdgeNode.InteropTests.Deployment;

/// <summary>
/// A node started as EdgeLake's docker images start one: <c>deploy-node.sh HOME ENV_DIR [KEY=VALUE ...]</c> in a
/// <see cref="NetworkNamespace"/>, from the unmodified env files of a docker-compose configs folder, on EdgeLake or (with
/// <c>NODE_CMD</c>) on EdgeNode. Its console output is kept; <see cref="DeployedAsync"/> waits for the end of
/// <c>main.al</c> (the process table it prints last). Dispose asks it to exit, kills what is left by its pid, deletes the home.
/// </summary>
public sealed partial class DeployedNode : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _errors = new();

    private DeployedNode(string name, string nodeType, bool onEdgeLake, string home, RestEndpoint rest, Process process)
    {
        Name = name;
        NodeType = nodeType;
        OnEdgeLake = onEdgeLake;
        Home = home;
        Rest = rest;
        _process = process;
    }

    public string Name { get; }

    /// <summary>master, operator, query or generic: the docker-compose configs folder it was deployed from.</summary>
    public string NodeType { get; }

    public bool OnEdgeLake { get; }
    public string Program => OnEdgeLake ? "EdgeLake" : "EdgeNode";
    public string Home { get; }
    public RestEndpoint Rest { get; }

    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    public string Errors
    {
        get
        {
            lock (_errors) return _errors.ToString();
        }
    }

    /// <summary>
    /// Deploys a node of <paramref name="nodeType"/> named <paramref name="name"/> (for messages) with the env files of its
    /// configs folder and <paramref name="overrides"/> (KEY=VALUE), its REST server on <paramref name="restPort"/>.
    /// </summary>
    public static DeployedNode Start(NetworkNamespace network, string name, string nodeType, bool onEdgeLake, int restPort,
        params string[] overrides)
    {
        var home = Directory.CreateTempSubdirectory($"deployed-{name}-").FullName;
        // UTC: EdgeLake shows times in the machine's zone; SIGINT at its default (see NodeProcess)
        var info = network.StartInfo("env", ["--default-signal=INT", "TZ=UTC", "bash", PeerFolder.DeployNodeScript, home,
            PeerFolder.ComposeConfigs(nodeType), .. overrides]);
        if (onEdgeLake) info.Environment.Remove("NODE_CMD");
        else info.Environment["NODE_CMD"] = $"dotnet {NodeProcess.ExecutablePath}";
        return Launch(network, name, nodeType, onEdgeLake, home, restPort, info);
    }

    /// <summary>
    /// Deploys an EdgeNode node of <paramref name="nodeType"/> as EdgeNode's image does (<c>deploy/docker/entrypoint.sh</c>):
    /// a folder laid out as the image's <c>/opt/edgenode</c> (the Native AOT executable the image ships in <c>edgenode/</c>, EdgeLake's
    /// deployment scripts, the entry point) that is also the home (the image's <c>/app</c>), the variables of the configs
    /// folder's env files in the environment as docker's <c>env_file</c> sets them, with <paramref name="overrides"/>
    /// (KEY=VALUE) over them.
    /// </summary>
    public static DeployedNode StartFromImageLayout(NetworkNamespace network, string name, string nodeType, int restPort, params string[] overrides)
    {
        var app = Directory.CreateTempSubdirectory($"image-{name}-").FullName;
        var program = RepositoryFiles.Path("artifacts/aot/edgenode");
        Assert.True(File.Exists(program), $"{program} is missing: scripts/test.sh builds it before the tests (scripts/publish.sh --aot)");
        Directory.CreateSymbolicLink(System.IO.Path.Combine(app, "edgenode"), System.IO.Path.GetDirectoryName(program)!);
        Directory.CreateSymbolicLink(System.IO.Path.Combine(app, "deployment-scripts"), PeerFolder.DeploymentScripts);
        var entrypoint = System.IO.Path.Combine(app, "entrypoint.sh");
        File.Copy(RepositoryFiles.Path("deploy/docker/entrypoint.sh"), entrypoint);
        // stdin at its end, as a container without a terminal has it (deploy-node.sh does the same)
        var info = network.StartInfo("env", "--default-signal=INT", "sh", "-c", "exec sh \"$0\" </dev/null", entrypoint);
        foreach (var (key, value) in ComposeEnvFiles.Read(PeerFolder.ComposeConfigs(nodeType))) info.Environment[key] = value;
        string[] image = ["TZ=UTC", $"ANYLOG_PATH={app}", $"EDGENODE_HOME={app}"];
        foreach (var pair in (string[])[.. image, .. overrides]) info.Environment[pair[..pair.IndexOf('=')]] = pair[(pair.IndexOf('=') + 1)..];
        return Launch(network, name, nodeType, onEdgeLake: false, app, restPort, info);
    }

    private static DeployedNode Launch(NetworkNamespace network, string name, string nodeType, bool onEdgeLake, string home, int restPort,
        ProcessStartInfo info)
    {
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var node = new DeployedNode(name, nodeType, onEdgeLake, home, new RestEndpoint(restPort, network), process);
        process.OutputDataReceived += (_, e) => Append(node._output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(node._errors, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return node;
    }

    private static void Append(StringBuilder target, string? line)
    {
        if (line is null) return;
        lock (target) target.Append(line).Append('\n');
    }

    /// <summary>Waits until <c>main.al</c> has run to its end: it prints the process table last.</summary>
    public async Task DeployedAsync(TimeSpan budget)
    {
        await Eventually.HoldsAsync(() => Output.Contains("Process         Status", StringComparison.Ordinal) || _process.HasExited,
            $"{Program} {Name} ran main.al to its end", budget);
        Assert.False(_process.HasExited, $"{Program} {Name} exited:\n{Output}\n{Errors}");
    }

    /// <summary>The processes <c>get processes</c> shows Running, by name.</summary>
    public async Task<SortedSet<string>> RunningAsync()
    {
        var table = await Rest.GetAsync("get processes");
        return new SortedSet<string>(RunningRow().Matches(table).Select(m => m.Groups[1].Value.Trim()), StringComparer.Ordinal);
    }

    /// <summary>The status <c>get processes</c> shows for one process (Running, Not declared ...).</summary>
    public async Task<string> StatusOfAsync(string process)
    {
        var table = await Rest.GetAsync("get processes");
        var row = table.Split('\n').FirstOrDefault(l => l.TrimStart().StartsWith(process + " ", StringComparison.Ordinal)
                                                        || l.TrimStart().StartsWith(process + "|", StringComparison.Ordinal));
        Assert.True(row is not null, $"{Program} {Name}: no '{process}' row in get processes:\n{table}");
        return row.Split('|')[1].Trim();
    }

    /// <summary>The echo queue as one line of text: cells a table wrapped joined again (to find an id the table cut).</summary>
    public async Task<string> EchoQueueTextAsync()
    {
        var queue = await Rest.GetAsync("get echo queue");
        return string.Concat(queue.Where(c => c != '|' && !char.IsWhiteSpace(c)));
    }

    /// <summary>
    /// What the deployment reported as failed: commands the echo queue keeps as failed (the scripts turn the queue on),
    /// script error lines on the console and, on EdgeNode, the script commands its log shows as failed. The one failure EdgeLake shows too
    /// is left out: the location lookup (<c>loc_info = rest get where url = https://ipinfo.io/json</c>) has no internet here.
    /// </summary>
    public async Task<IReadOnlyList<string>> ScriptErrorsAsync()
    {
        var errors = new List<string>();
        var queue = await Rest.GetAsync("get echo queue");
        // a command a peer sent ([... message]) fails on its sender's account, not this node's scripts
        var failed = FailedCommand().Matches(queue).Select(m => m.Value)
            .Where(c => !c.Contains(LocationLookup, StringComparison.Ordinal) && !c.EndsWith(" message]", StringComparison.Ordinal)).ToList();
        if (failed.Any(IsPush) && await RefusedPushesHeldAsync()) failed.RemoveAll(IsPush);
        if (failed.Count > 0) errors.Add($"echo queue: {string.Join("; ", failed)}\n{queue}");
        errors.AddRange(Output.Split('\n').Where(l => ScriptErrorLine().IsMatch(l)).Select(l => $"console: {l}"));
        errors.AddRange(Errors.Split('\n').Where(l => l.Contains("Error executing: [", StringComparison.Ordinal) && l.Contains("] (Script)", StringComparison.Ordinal))
            .Select(l => $"log: {l}"));
        return errors.Where(e => !e.Contains(LocationLookup, StringComparison.Ordinal) || e.StartsWith("echo queue: ", StringComparison.Ordinal)).ToList();
    }

    private static bool IsPush(string failed) => failed.StartsWith("Error executing: [blockchain push ", StringComparison.Ordinal);

    /// <summary>
    /// True when every policy a master refused to push (a peer's <c>run client (master) blockchain push</c>) is in its ledger:
    /// two operators published the same policy (the one config policy of their type, a table both create) before either saw
    /// the other's copy, so the second was a duplicate: EdgeLake's master refuses it (its ledger's unique policy id), as
    /// it does between two EdgeLake operators, and the sender takes the refusal as done. Nothing is missing.
    /// </summary>
    private async Task<bool> RefusedPushesHeldAsync()
    {
        var ids = RefusedPushId().Matches(await EchoQueueTextAsync()).Select(m => m.Groups[1].Value).Distinct().ToList();
        foreach (var id in ids)
            if (!await HoldsPolicyAsync(id)) return false;
        return ids.Count > 0;
    }

    /// <summary>
    /// True once the node's ledger file has the policy. A master refuses a copy the moment its database has the first, but
    /// its <c>blockchain get</c> reads the file its next sync writes (EdgeLake: up to the sync time later).
    /// </summary>
    private async Task<bool> HoldsPolicyAsync(string id)
    {
        var deadline = DateTime.UtcNow + LedgerFileLag;
        while (!(await Rest.GetAsync($"blockchain get * where id = {id}")).Contains(id, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline) return false;
            await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        }
        return true;
    }

    /// <summary>Longer than the deployment's sync time (30 s) plus a busy machine's delay.</summary>
    private static readonly TimeSpan LedgerFileLag = TimeSpan.FromSeconds(75);

    /// <summary>The id of a policy in a failed push of the echo queue's joined text (<see cref="EchoQueueTextAsync"/>).</summary>
    [GeneratedRegex(@"Errorexecuting:\[blockchainpush\{.*?""id"":""([0-9a-f]{32})""")]
    private static partial Regex RefusedPushId();

    /// <summary>The error every node has here, EdgeLake too: the location lookup finds no internet.</summary>
    private const string LocationLookup = "loc_info = rest get where url = https://ipinfo.io/json";

    [GeneratedRegex(@"^\s{4}([A-Za-z][A-Za-z ]+?)\s*\|Running\s*\|", RegexOptions.Multiline)]
    private static partial Regex RunningRow();

    [GeneratedRegex(@"Error executing: \[[^\]]*\]")]
    private static partial Regex FailedCommand();

    /// <summary>What the scripts print in their error branches, and EdgeNode's script error lines (<c>main.al:37: Error 2: ...</c>).</summary>
    [GeneratedRegex(@"^(Failed to (?!import a library)|Error:|Error \d+:|\S+\.al:\d+: |Missing |Inconsistency |No valid network)")]
    private static partial Regex ScriptErrorLine();

    public ValueTask DisposeAsync() => new(NodeShutdown.StopAsync(_process, Rest, Home));
}
