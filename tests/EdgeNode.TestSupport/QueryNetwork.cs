using EdgeNode.Core;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Storage;

namespace EdgeNode.TestSupport;

/// <summary>
/// A network for distributed queries on 127.0.0.1: a query node (with <c>system_query</c>) and operators, each a real node
/// built as the executable builds it, in its own temp home, with its TCP server on a free port. The query node's ledger
/// holds a root cluster per operator (the operator its main member), the table policies, and child clusters mapping
/// each table to every cluster, so <c>run client ()</c> finds one operator per cluster. Used by the tests and the benchmarks.
/// </summary>
public sealed class QueryNetwork : IAsyncDisposable
{
    public const string Company = "Query Test Co";

    private readonly InProcessNodes _nodes = new();
    private readonly List<string> _tables = [];

    private QueryNetwork(string dbms) => Dbms = dbms;

    /// <summary>The logical DBMS the operators hold the tables in.</summary>
    public string Dbms { get; }

    public Node QueryNode { get; private set; } = null!;

    public BufferOutputSink QueryOutput { get; } = new();

    public List<(Node Node, string Address, string Name)> Operators { get; } = [];

    /// <summary>
    /// Starts the nodes. Each operator connects <paramref name="dbms"/> with its entry of <paramref name="operatorConnect"/>
    /// (<c>type = sqlite</c>, or a PostgreSQL server's options) and creates every table from its <c>create</c>.
    /// </summary>
    public static async Task<QueryNetwork> StartAsync(IReadOnlyList<string> operatorConnect, IReadOnlyList<(string Table, string Create)> tables,
        string dbms = "test", CancellationToken cancellation = default)
    {
        var network = new QueryNetwork(dbms);
        try
        {
            var (query, _) = await network.AddNodeAsync("query-node", network.QueryOutput, cancellation);
            network.QueryNode = query;
            await RunAsync(query, "connect dbms system_query where type = sqlite and memory = true", cancellation);
            for (var i = 0; i < operatorConnect.Count; i++)
            {
                var name = $"operator-{i + 1}";
                var (node, address) = await network.AddNodeAsync(name, null, cancellation);
                await RunAsync(node, $"connect dbms {dbms} where {operatorConnect[i]}", cancellation);
                foreach (var (_, create) in tables) await node.Services.Get<IDbmsRegistry>().Find(dbms)!.CreateTableAsync(create, cancellation);
                network.Operators.Add((node, address, name));
            }
            await network.PublishAsync(tables, cancellation);
            return network;
        }
        catch
        {
            await network.DisposeAsync();
            throw;
        }
    }

    private Task<(Node Node, string Address)> AddNodeAsync(string name, IOutputSink? console, CancellationToken cancellation) =>
        _nodes.AddAsync(name, console, FreePort.Get(), cancellation);

    /// <summary>The ledger of the query node: the table policies, then for each operator its cluster (see <see cref="PublishOperatorAsync"/>).</summary>
    private async Task PublishAsync(IReadOnlyList<(string Table, string Create)> tables, CancellationToken cancellation)
    {
        _tables.AddRange(tables.Select(t => t.Table));
        foreach (var (table, create) in tables)
            await InsertAsync($"{{\"table\": {{\"name\": \"{table}\", \"dbms\": \"{Dbms}\", \"create\": \"{create.Replace("\"", "\\\"", StringComparison.Ordinal)}\"}}}}", cancellation);
        foreach (var (_, address, name) in Operators) await PublishOperatorAsync(name, address, cancellation);
    }

    /// <summary>
    /// Declares an operator to the query node: a root cluster with the operator as its main member, and a child cluster
    /// per table of the network. Used for the in-process operators and for operators running elsewhere (processes).
    /// </summary>
    public async Task PublishOperatorAsync(string name, string address, CancellationToken cancellation = default)
    {
        await InsertAsync($"{{\"cluster\": {{\"company\": \"{Company}\", \"name\": \"{name}-cluster\"}}}}", cancellation);
        var cluster = (await RunAsync(QueryNode, $"blockchain get cluster where name = {name}-cluster bring [cluster][id]", cancellation)).Trim();
        var port = address[(address.LastIndexOf(':') + 1)..];
        await InsertAsync($"{{\"operator\": {{\"name\": \"{name}\", \"company\": \"{Company}\", \"ip\": \"127.0.0.1\", \"port\": {port}, " +
                          $"\"rest_port\": {port}, \"cluster\": \"{cluster}\", \"main\": true}}}}", cancellation);
        foreach (var table in _tables)
            await InsertAsync($"{{\"cluster\": {{\"parent\": \"{cluster}\", \"name\": \"{name}-{table}\", \"company\": \"{Company}\", " +
                              $"\"table\": [{{\"dbms\": \"{Dbms}\", \"name\": \"{table}\"}}]}}}}", cancellation);
    }

    private async Task InsertAsync(string policy, CancellationToken cancellation)
    {
        QueryNode.Dictionary.Set("new_policy", policy);
        await RunAsync(QueryNode, "blockchain insert where policy = !new_policy and local = true", cancellation);
    }

    /// <summary>Runs a command on the query node as the given source; errors are results.</summary>
    public Task<CommandResult> QueryAsync(string line, CommandSource source = CommandSource.Cli, CancellationToken cancellation = default) =>
        QueryNode.Dispatcher.ExecuteAsync(line, source, QueryOutput, null, cancellation);

    public IDbms OperatorDbms(int index) => Operators[index].Node.Services.Get<IDbmsRegistry>().Find(Dbms)!;

    /// <summary>Loads rows into a table of one database through the bulk-load API, as the operator process does.</summary>
    public static async Task LoadAsync(IDbms dbms, string table, IReadOnlyList<string> columns, IEnumerable<object?[]> rows,
        CancellationToken cancellation = default)
    {
        await using var load = await dbms.BeginLoadAsync(table, columns, null, cancellation);
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Length; i++) load.SetValue(i, row[i]);
            await load.AddRowAsync(cancellation);
        }
        await load.CommitAsync(cancellation);
    }

    /// <summary>Runs a command that must succeed and returns its output.</summary>
    public static Task<string> RunAsync(Node node, string line, CancellationToken cancellation = default) =>
        InProcessNodes.RunAsync(node, line, cancellation);

    public ValueTask DisposeAsync() => _nodes.DisposeAsync();
}
