namespace EdgeNode.TestSupport.Client;

/// <summary>
/// A command an AnyLog client sends to a query node over REST (<see cref="Command"/> in the <c>command</c> header, with
/// <c>destination: network</c> when <see cref="Network"/>), and the name of the file that holds EdgeLake's answer to it
/// (<c>tests/fixtures/edgelake/client/NAME.txt</c>, see <see cref="ClientAnswers"/>).
/// </summary>
public sealed record ClientQuery(string Name, string Command, bool Network = true)
{
    public override string ToString() => Name;
}
