using EdgeNode.TestSupport.Client;

namespace EdgeNode.IntegrationTests.Query;

/// <summary>
/// AnyLog's client queries (docs/query.md) on a 4-node EdgeNode network built with the example scripts: every answer, as
/// a client reads it over REST, is byte for byte the answer a 4-node EdgeLake network gave on the same data (recorded in
/// <c>tests/fixtures/edgelake/client/</c>; only what must differ between networks is normalized, see <see cref="ClientAnswers"/>).
/// </summary>
public sealed class ClientQueryTests(ClientQueryNetwork fixture) : IClassFixture<ClientQueryNetwork>
{
    public static TheoryData<string> Names() => [.. ClientQueryList.All.Select(q => q.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public async Task The_answer_is_EdgeLakes(string name)
    {
        var query = ClientQueryList.All.First(q => q.Name == name);
        var answer = ClientAnswers.Normalize(await ClientNetwork.AskAsync(fixture.Network.Endpoints, query));
        Assert.Equal(ClientAnswers.Recorded(query), answer);
    }
}
