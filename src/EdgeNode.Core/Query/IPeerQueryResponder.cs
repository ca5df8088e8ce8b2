using EdgeNode.Core.Commands;
using EdgeNode.Core.Network;

namespace EdgeNode.Core.Query;

/// <summary>
/// Answers a <c>sql &lt;dbms&gt; ...</c> query a peer sent (the operator's side of SPEC §12 step 4): runs it over every
/// partition of the table and its included tables and streams the rows back as <c>job reply</c> blocks. Implemented by
/// the Query module; the storage <c>sql</c> command calls it when the command came from a peer.
/// </summary>
public interface IPeerQueryResponder
{
    /// <summary>
    /// Answers the query and returns the command's result (empty once the rows went back, an error to send back as
    /// text); null when the statement is not a query (an insert, a create...), which then runs as a local statement.
    /// </summary>
    Task<CommandResult?> TryAnswerAsync(CommandContext context, PeerOrigin origin);
}
