using EdgeNode.Core.Commands;
using EdgeNode.Core.Processes;

namespace EdgeNode.Core.Modules;

/// <summary><c>exit node</c> and <c>exit &lt;process&gt;</c> for every background process.</summary>
internal static class ProcessCommands
{
    public static void Register(Node node)
    {
        node.AddCommand(new CommandSpec("exit", "Stop a background process, or the node ('exit node').", Exit)
        {
            Usage = "exit [node|scripts|" + string.Join('|', ProcessNames.All.Select(p => p.ExitWords[0])) + "]",
            Examples = ["exit node", "exit tcp", "exit operator", "exit synchronizer"],
            Topics = ["background processes"],
        });
    }

    private static async ValueTask<CommandResult> Exit(CommandContext context)
    {
        var words = string.Join(' ', context.Arguments.Select(t => t.Text)).Trim();
        if (words.Length == 0)
            return CommandResult.Error(ErrorCode.CommandStructure, "expected 'exit [node|process name]'");
        if (words.Equals("node", StringComparison.OrdinalIgnoreCase))
        {
            context.Node.RequestShutdown();
            return CommandResult.Ok("Node is shutting down");
        }
        var name = ProcessManager.NameForExitWord(words);
        if (name is null)
            return CommandResult.Error(ErrorCode.CommandStructure,
                $"unknown process '{words}'; expected one of: node, scripts, {string.Join(", ", ProcessNames.All.Select(p => p.ExitWords[0]))}",
                context.Arguments[0].Position);
        return await context.Node.Processes.StopAsync(name, context.Cancellation);
    }
}
