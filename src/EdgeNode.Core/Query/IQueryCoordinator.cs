using EdgeNode.Core.Commands;

namespace EdgeNode.Core.Query;

/// <summary>
/// Runs the queries of <c>run client (destination) sql ...</c> (SPEC §12): finds the operators (from the metadata when the
/// destination is <c>()</c>), sends them the remote query, consolidates their <c>job reply</c> rows and formats the answer.
/// Implemented by the Query module; the <c>run client</c> command (Network) hands its <c>sql</c> commands to it.
/// </summary>
public interface IQueryCoordinator
{
    /// <summary>
    /// Runs the query, or returns null when the command is not a query this node coordinates (a statement other than
    /// SELECT sent to named nodes: <c>run client</c> then sends it to them as it is).
    /// </summary>
    Task<CommandResult?> TryRunAsync(NetworkQuery query, CommandContext context);
}
