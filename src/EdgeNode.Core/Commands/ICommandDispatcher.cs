namespace EdgeNode.Core.Commands;

/// <summary>The single entry for commands: CLI, scripts, REST, peers and the scheduler all call this.</summary>
public interface ICommandDispatcher
{
    Task<CommandResult> ExecuteAsync(string line, CommandSource source, CancellationToken cancellation = default);
}
