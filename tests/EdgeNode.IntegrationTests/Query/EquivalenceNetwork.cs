using EdgeNode.Core.Commands;
using EdgeNode.Core.Storage;

namespace EdgeNode.IntegrationTests.Query;

/// <summary>
/// A query network whose operators share the rows of <see cref="QueryTestData"/> (each on a random operator), next to a
/// <c>baseline</c> SQLite database on the query node holding all of them: a network query must answer what the same
/// query answers on the baseline.
/// </summary>
public abstract class EquivalenceNetwork : IAsyncLifetime
{
    public const string Baseline = "baseline";

    public QueryNetwork Network { get; private set; } = null!;

    /// <summary>The connect options of each operator's DBMS.</summary>
    protected abstract Task<IReadOnlyList<string>> OperatorsAsync();

    /// <summary>The operators' logical DBMS (unique per PostgreSQL server).</summary>
    protected virtual string Dbms => "test";

    public async ValueTask InitializeAsync()
    {
        var tables = new[] { QueryTestData.Readings, QueryTestData.MoreReadings };
        Network = await QueryNetwork.StartAsync(await OperatorsAsync(), tables.Select(t => (t, QueryTestData.Create(t))).ToArray(), Dbms);
        await QueryNetwork.RunAsync(Network.QueryNode, $"connect dbms {Baseline} where type = sqlite");
        var baseline = Network.QueryNode.Services.Get<IDbmsRegistry>().Find(Baseline)!;
        foreach (var table in tables)
        {
            await baseline.CreateTableAsync(QueryTestData.Create(table));
            var rows = QueryTestData.Rows(table);
            await QueryNetwork.LoadAsync(baseline, table, QueryTestData.Columns, rows);
            // each row goes to a random operator (fixed seed): every time scale and device is split over all of them
            var shuffle = new Random(5);
            var owner = rows.Select(_ => shuffle.Next(Network.Operators.Count)).ToArray();
            for (var i = 0; i < Network.Operators.Count; i++)
                await QueryNetwork.LoadAsync(Network.OperatorDbms(i), table, QueryTestData.Columns, rows.Where((_, r) => owner[r] == i));
        }
        Network.QueryNode.Dictionary.Set("site", "lab-7");
    }

    public async ValueTask DisposeAsync() => await Network.DisposeAsync();

    /// <summary>Runs a command on the query node that must succeed, as a REST caller would.</summary>
    public async Task<string> RunAsync(string line)
    {
        var result = await Network.QueryAsync(line, CommandSource.Rest, TestContext.Current.CancellationToken);
        Assert.False(result.IsError, $"'{line}' failed: {result.ErrorLine}");
        return result.Text;
    }

    /// <summary>The network query and the baseline query of a case, with the same options; returns both answers.</summary>
    public async Task<(string Network, string Baseline)> AnswersAsync(EquivalenceCase test, string options)
    {
        var network = await RunAsync($"run client () sql {Dbms} {options} {test.NetworkOptions} \"{test.Network}\"");
        var baseline = await RunAsync($"sql {Baseline} {options} \"{test.BaselineSql}\"");
        return (network, baseline);
    }
}

/// <summary>Three SQLite operators.</summary>
public sealed class SqliteEquivalenceNetwork : EquivalenceNetwork
{
    protected override Task<IReadOnlyList<string>> OperatorsAsync() =>
        Task.FromResult<IReadOnlyList<string>>(["type = sqlite", "type = sqlite", "type = sqlite"]);
}

/// <summary>One SQLite and one PostgreSQL operator.</summary>
public sealed class MixedEquivalenceNetwork(PostgresFixture postgres) : EquivalenceNetwork
{
    private readonly string _dbms = PostgresFixture.UniqueDatabase("q");

    protected override string Dbms => _dbms;

    protected override async Task<IReadOnlyList<string>> OperatorsAsync() => ["type = sqlite", (await postgres.ServerAsync()).ConnectOptions];
}
