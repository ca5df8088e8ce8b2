namespace EdgeNode.TestSupport.Client;

/// <summary>
/// A command an AnyLog client sends over REST (<see cref="Command"/> in the <c>command</c> header, with
/// <c>destination: network</c> when <see cref="Network"/>) to a node of the network (<see cref="Node"/>), and the name of
/// the file that holds EdgeLake's answer to it (<c>tests/fixtures/edgelake/client/NAME.txt</c>, see <see cref="ClientAnswers"/>).
/// With <see cref="Rows"/> only the table rows whose first cell is one of them are kept, as <c>cell|cell|...</c> lines:
/// what a client checks in a table whose other rows differ from node to node (<c>get processes</c>).
/// </summary>
public sealed record ClientQuery(string Name, string Command, bool Network = true, ClientNode Node = ClientNode.Query,
    IReadOnlyList<string>? Rows = null)
{
    public override string ToString() => Name;
}
