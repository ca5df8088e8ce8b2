using EdgeNode.InteropTests.Peers;
using EdgeNode.TestSupport.Client;

namespace EdgeNode.InteropTests;

/// <summary>
/// AnyLog's client queries (docs/query.md) asked of a 4-node EdgeLake network and of a 4-node EdgeNode network holding
/// the same rows: the answers are the same bytes (normalized as <see cref="ClientAnswers"/> says), and EdgeLake's are the
/// ones recorded in <c>tests/fixtures/edgelake/client/</c>, which the integration tests compare EdgeNode with where the peer
/// is absent. With <c>EDGENODE_RECORD_CLIENT_FIXTURES=1</c> EdgeLake's answers are written there instead:
/// <c>EDGENODE_RECORD_CLIENT_FIXTURES=1 tests/EdgeNode.InteropTests/bin/Release/net10.0/EdgeNode.InteropTests -class '*ClientQueryTests'</c>.
/// </summary>
public sealed class ClientQueryTests(EdgeLakeClientNetwork network) : IClassFixture<EdgeLakeClientNetwork>
{
    public static TheoryData<string> Names() => [.. ClientQueryList.All.Select(q => q.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public async Task EdgeNode_answers_as_EdgeLake(string name)
    {
        PeerFolder.Require();
        var query = ClientQueryList.All.First(q => q.Name == name);
        var edgeLake = ClientAnswers.Normalize(await ClientNetwork.AskAsync(network.EdgeLake, query));
        if (ClientAnswers.Recording) ClientAnswers.Record(query, edgeLake);
        var edgeNode = ClientAnswers.Normalize(await ClientNetwork.AskAsync(network.EdgeNode.Endpoints, query));
        Assert.Equal(edgeLake, edgeNode);
        Assert.True(ClientAnswers.Recorded(query) == edgeLake,
            $"EdgeLake's answer to '{query.Command}' is no longer the recorded one: record again ({ClientAnswers.RecordVariable}=1)");
    }
}
