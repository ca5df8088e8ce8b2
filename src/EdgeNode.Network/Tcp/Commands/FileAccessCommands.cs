using EdgeNode.Core;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Output;
using EdgeNode.Network.Tcp.Server;
using static EdgeNode.Core.Modules.CommandHelpers;

namespace EdgeNode.Network.Tcp.Commands;

/// <summary><c>set file access where dir = [path]</c> and <c>get file access</c>: the directories peers may write files to and read files from.</summary>
internal static class FileAccessCommands
{
    private const string Rule = "A peer's 'file write' / 'file copy' to this node and 'file get' from this node may only use files under the node "
                                + "root (<home>/EdgeLake) and the node's directories (!watch_dir, !blockchain_dir, !tmp_dir, ... wherever they "
                                + "were set); a path is checked after '..' and symbolic links are resolved. Anything else is refused with "
                                + "error 31 (File access denied), sent back to the peer and written to the error log.";

    private static readonly OptionSchema Schema = new(
        new OptionSpec("dir", OptionType.Dir, "a directory (and everything under it) peers may write to and read from") { Required = true, Repeatable = true });

    public static void Register(Node node, PeerFileAccess access)
    {
        node.AddCommand(new CommandSpec("set file access", "Allow peers to write files to, and read files from, another directory of this node.",
            context => Allow(context, access))
        {
            Usage = "set file access where dir = [path] [and dir = [path] ...]",
            Explanation = Rule + " This command adds a directory to the allowed ones until the node restarts (put it in the node's "
                          + "start-up script to keep it). See 'get file access'.",
            Examples = ["set file access where dir = /data/incoming", "set file access where dir = !tmp_dir and dir = /data/exports"],
            Where = Schema,
            Topics = ["network", "configuration"],
        });
        node.AddCommand(new CommandSpec("get file access", "Show the directories peers may write files to and read files from.",
            _ => Done(TableFormatter.Format(["Directory", "Allowed by"], access.Directories().Select(d => (IReadOnlyList<object?>)[d.Directory, d.Source]))))
        {
            Usage = "get file access",
            Explanation = Rule,
            Examples = ["get file access"],
            Http = HttpRule.Get,
            Topics = ["network", "configuration"],
        });
    }

    private static ValueTask<CommandResult> Allow(CommandContext context, PeerFileAccess access)
    {
        var directories = context.BindWhere(Schema).Strings("dir");
        foreach (var directory in directories)
            if (access.Allow(directory) is { } error) return Fail(ErrorCode.DirectoryError, error);
        return Done($"Peers may write to and read from: {string.Join(", ", directories)}");
    }
}
