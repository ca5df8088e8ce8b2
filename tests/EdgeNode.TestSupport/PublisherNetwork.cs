using EdgeNode.Core;
using EdgeNode.Core.Commands;
using EdgeNode.Core.IO;
using EdgeNode.Core.Storage;

namespace EdgeNode.TestSupport;

/// <summary>
/// A publisher and operators on 127.0.0.1, each a real node built as the executable builds it, in its own temp home, with
/// its TCP server on a free port. Every node's local ledger holds the same policies, inserted in the same order (no master
/// is needed for routing): a root cluster per cluster name, its operators (with fixed member ids), and a child cluster per
/// table it hosts. Operators declared with <c>Start = false</c> are in the ledger but not running (an unreachable
/// operator) until <see cref="StartOperatorAsync"/>. Used by the publisher tests and its benchmark.
/// </summary>
public sealed class PublisherNetwork : IAsyncDisposable
{
    public const string Company = "Publisher Test Co";

    private readonly InProcessNodes _nodes = new();
    private readonly List<string> _policies = [];

    private PublisherNetwork()
    {
    }

    public Node Publisher { get; private set; } = null!;

    public BufferOutputSink PublisherOutput { get; } = new();

    public string PublisherAddress { get; private set; } = "";

    public IReadOnlyList<PublisherOperator> Operators => _operators;

    private readonly List<PublisherOperator> _operators = [];

    /// <summary>The publisher's watch dir.</summary>
    public string WatchDir => Publisher.Dictionary.Get("watch_dir")!;

    /// <summary>
    /// Starts the nodes: the publisher (TCP server, no publisher process yet: <see cref="RunPublisherAsync"/>), then each
    /// operator of <paramref name="operators"/> that starts, with <c>run operator where ... and</c> <paramref name="operatorOptions"/>.
    /// </summary>
    public static async Task<PublisherNetwork> StartAsync(IReadOnlyList<OperatorSpec> operators, IReadOnlyList<TableSpec> tables,
        string operatorOptions = "create_table = true and update_tsd_info = true", CancellationToken cancellation = default)
    {
        var network = new PublisherNetwork();
        try
        {
            var (publisher, address) = await network.AddNodeAsync("publisher", network.PublisherOutput, FreePort.Get(), cancellation);
            network.Publisher = publisher;
            network.PublisherAddress = address;
            network.BuildPolicies(operators, tables);
            await network.InsertPoliciesAsync(publisher, cancellation);
            for (var i = 0; i < operators.Count; i++)
            {
                var spec = operators[i];
                network._operators.Add(new PublisherOperator(spec.Name, spec.Cluster, network._ports[i], network, operatorOptions,
                    tables.Select(t => t.Dbms).Distinct().ToList()));
                if (spec.Start) await network.StartOperatorAsync(i, cancellation);
            }
            return network;
        }
        catch
        {
            await network.DisposeAsync();
            throw;
        }
    }

    private readonly List<int> _ports = [];

    /// <summary>The policies every node holds: per cluster its root policy, its operators and a child cluster per hosted table.</summary>
    private void BuildPolicies(IReadOnlyList<OperatorSpec> operators, IReadOnlyList<TableSpec> tables)
    {
        foreach (var _ in operators) _ports.Add(FreePort.Get());
        foreach (var cluster in operators.Select(o => o.Cluster).Distinct())
        {
            _policies.Add($"{{\"cluster\": {{\"company\": \"{Company}\", \"name\": \"{cluster}\"}}}}");
            var member = 0;
            for (var i = 0; i < operators.Count; i++)
                if (operators[i].Cluster == cluster)
                    _policies.Add($"{{\"operator\": {{\"name\": \"{operators[i].Name}\", \"company\": \"{Company}\", \"ip\": \"127.0.0.1\", " +
                                  $"\"port\": {_ports[i]}, \"rest_port\": {_ports[i]}, \"cluster\": \"!{cluster}\", \"member\": {++member}, " +
                                  $"\"main\": {(operators[i].Main ? "true" : "false")}}}}}");
            foreach (var table in tables.Where(t => t.Clusters.Contains(cluster)))
                _policies.Add(ChildCluster(cluster, table.Dbms, table.Table));
        }
    }

    /// <summary>A child cluster policy naming one more table a cluster hosts (<c>!name</c> stands for the root cluster's id).</summary>
    public static string ChildCluster(string cluster, string dbms, string table) =>
        $"{{\"cluster\": {{\"parent\": \"!{cluster}\", \"company\": \"{Company}\", \"name\": \"{cluster}-{dbms}-{table}\", " +
        $"\"table\": [{{\"dbms\": \"{dbms}\", \"name\": \"{table}\"}}]}}}}";

    private async Task InsertPoliciesAsync(Node node, CancellationToken cancellation)
    {
        foreach (var policy in _policies) await InsertAsync(node, policy, cancellation);
    }

    /// <summary>Adds a policy to every node's ledger (and to the nodes started later); <c>!cluster</c> names a root cluster's id.</summary>
    public async Task PublishAsync(string policy, CancellationToken cancellation = default)
    {
        _policies.Add(policy);
        foreach (var node in _nodes.All) await InsertAsync(node, policy, cancellation);
    }

    private static async Task InsertAsync(Node node, string policy, CancellationToken cancellation)
    {
        var resolved = policy;
        var bang = resolved.IndexOf("\"!", StringComparison.Ordinal);
        while (bang >= 0)
        {
            var end = resolved.IndexOf('"', bang + 2);
            var name = resolved[(bang + 2)..end];
            // child clusters are named <cluster>-<dbms>-<table>: the name alone finds the root
            var id = (await RunAsync(node, $"blockchain get cluster where name = \"{name}\" bring [cluster][id]", cancellation)).Trim();
            resolved = resolved[..(bang + 1)] + id + resolved[end..];
            bang = resolved.IndexOf("\"!", bang + 1, StringComparison.Ordinal);
        }
        node.Dictionary.Set("new_policy", resolved);
        await RunAsync(node, "blockchain insert where policy = !new_policy and local = true", cancellation);
    }

    private async Task<(Node Node, string Address)> AddNodeAsync(string name, IOutputSink? console, int port, CancellationToken cancellation)
    {
        var (node, address) = await _nodes.AddAsync(name, console, port, cancellation);
        await RunAsync(node, "create work directories", cancellation);
        return (node, address);
    }

    /// <summary>Starts an operator declared in the ledger: its node, databases, ledger and <c>run operator</c>.</summary>
    public async Task StartOperatorAsync(int index, CancellationToken cancellation = default)
    {
        var spec = _operators[index];
        var (node, _) = await AddNodeAsync(spec.Name, null, spec.Port, cancellation);
        await RunAsync(node, "connect dbms almgm where type = sqlite", cancellation);
        await RunAsync(node, "create table tsd_info where dbms = almgm", cancellation);
        foreach (var dbms in spec.Databases) await RunAsync(node, $"connect dbms {dbms} where type = sqlite", cancellation);
        await InsertPoliciesAsync(node, cancellation);
        var policy = (await RunAsync(node, $"blockchain get operator where name = {spec.Name} bring [operator][id]", cancellation)).Trim();
        await RunAsync(node, $"run operator where policy = {policy} and {spec.Options}", cancellation);
        spec.Node = node;
    }

    /// <summary><c>run publisher where ...</c> on the publisher node (empty <paramref name="options"/>: the defaults).</summary>
    public Task<string> RunPublisherAsync(string options = "", CancellationToken cancellation = default) =>
        RunAsync(Publisher, "run publisher" + (options.Length > 0 ? " where " + options : ""), cancellation);

    /// <summary>Writes a data file into the publisher's watch dir as writers must: under a temporary name, then renamed.</summary>
    public string Drop(string name, string content)
    {
        var path = Path.Combine(WatchDir, name);
        DurableFiles.WriteAtomically(path, System.Text.Encoding.UTF8.GetBytes(content));
        return path;
    }

    /// <summary>Runs a command on the publisher as the CLI does; errors are results.</summary>
    public Task<CommandResult> CommandAsync(string line, CancellationToken cancellation = default) =>
        Publisher.Dispatcher.ExecuteAsync(line, CommandSource.Cli, PublisherOutput, null, cancellation);

    /// <summary>Runs a command that must succeed and returns its output.</summary>
    public static Task<string> RunAsync(Node node, string line, CancellationToken cancellation = default) =>
        InProcessNodes.RunAsync(node, line, cancellation);

    public ValueTask DisposeAsync() => _nodes.DisposeAsync();

    /// <summary>An operator: its name, its cluster's name, whether it is the cluster's main member, whether it starts with the network.</summary>
    public sealed record OperatorSpec(string Name, string Cluster, bool Main = false, bool Start = true);

    /// <summary>A table and the names of the clusters hosting it.</summary>
    public sealed record TableSpec(string Dbms, string Table, params string[] Clusters);
}

/// <summary>An operator of a <see cref="PublisherNetwork"/>: its address, and its node once started.</summary>
public sealed class PublisherOperator(string name, string cluster, int port, PublisherNetwork network, string options, IReadOnlyList<string> databases)
{
    public string Name { get; } = name;
    public string Cluster { get; } = cluster;
    public int Port { get; } = port;
    public string Address => $"127.0.0.1:{Port}";
    public string Options { get; } = options;
    public IReadOnlyList<string> Databases { get; } = databases;
    public PublisherNetwork Network { get; } = network;

    /// <summary>The running node; null until started.</summary>
    public Node? Node { get; internal set; }

    /// <summary>Rows of a table on this operator (0 when it is not running or has no such table).</summary>
    public async Task<long> CountAsync(string dbms, string table, CancellationToken cancellation = default)
    {
        if (Node?.Services.Get<IDbmsRegistry>().Find(dbms) is not { } database) return 0;
        return await database.GetSchemaAsync(table, cancellation) is null ? 0 : await database.CountRowsAsync(table, cancellation);
    }
}
