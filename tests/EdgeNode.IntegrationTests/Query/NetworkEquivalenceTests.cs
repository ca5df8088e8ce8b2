using EdgeNode.Core.Output;

namespace EdgeNode.IntegrationTests.Query;

/// <summary>
/// Every query shape of <see cref="EquivalenceCases"/> on a network whose operators share the rows, against the same query
/// on one database holding them all (the acceptance test): three SQLite operators, and a SQLite operator with a
/// PostgreSQL one.
/// </summary>
public abstract class NetworkEquivalenceTests(EquivalenceNetwork network)
{
    private static readonly (QueryOutputFormat Format, string Option)[] Formats =
    [
        (QueryOutputFormat.Table, "format = table"), (QueryOutputFormat.JsonList, "format = json:list"), (QueryOutputFormat.JsonOutput, "format = json:output"),
    ];

    protected EquivalenceNetwork Network => network;

    [Theory]
    [MemberData(nameof(EquivalenceCases.Names), MemberType = typeof(EquivalenceCases))]
    public async Task The_network_answers_as_one_database(string name)
    {
        var test = EquivalenceCases.Named(name);
        var (answer, expected) = await network.AnswersAsync(test, "format = json and stat = false");
        AnswerComparer.AssertSame(answer, expected, QueryOutputFormat.Json, test.Ordered);
        Assert.NotEmpty(AnswerComparer.Rows(answer, QueryOutputFormat.Json));
        if (!test.AllFormats) return;
        foreach (var (format, option) in Formats)
        {
            (answer, expected) = await network.AnswersAsync(test, option + " and stat = false");
            AnswerComparer.AssertSame(answer, expected, format, test.Ordered);
        }
    }
}

public sealed class SqliteNetworkEquivalenceTests(SqliteEquivalenceNetwork network)
    : NetworkEquivalenceTests(network), IClassFixture<SqliteEquivalenceNetwork>;

public sealed class MixedNetworkEquivalenceTests(MixedEquivalenceNetwork network)
    : NetworkEquivalenceTests(network), IClassFixture<MixedEquivalenceNetwork>;
