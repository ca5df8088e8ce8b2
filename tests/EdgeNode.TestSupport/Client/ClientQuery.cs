namespace EdgeNode.TestSupport.Client;

/// <summary>
/// A command an AnyLog client sends over REST (<see cref="Command"/> in the <c>command</c> header, with
/// <c>destination: network</c> when <see cref="Network"/>) to the query node, or to the master when <see cref="AtMaster"/>,
/// and the name of the file that holds EdgeLake's answer to it (<c>tests/fixtures/edgelake/client/NAME.txt</c>, see
/// <see cref="ClientAnswers"/>).
/// </summary>
public sealed record ClientQuery(string Name, string Command, bool Network = true, bool AtMaster = false)
{
    public override string ToString() => Name;
}
