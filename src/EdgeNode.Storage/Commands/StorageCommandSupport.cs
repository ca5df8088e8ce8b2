using EdgeNode.Core;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Storage;

namespace EdgeNode.Storage.Commands;

/// <summary>What storage command handlers share: the registry, DBMS lookup with a clear error, error translation.</summary>
internal static class StorageCommandSupport
{
    public static readonly OptionSpec Format = new("format", OptionType.Str, "table or json") { Default = "table" };

    public static DbmsRegistry Registry(Node node) => (DbmsRegistry)node.Services.Get<IDbmsRegistry>();

    /// <summary>The connected DBMS, or a <see cref="StorageException"/> naming the connected ones.</summary>
    public static Dbms Require(Node node, string name)
    {
        var registry = Registry(node);
        if (registry.Find(name) is Dbms dbms) return dbms;
        var connected = string.Join(", ", registry.Connected.Select(d => d.Name));
        throw new StorageException(ErrorCode.DbmsNotConnected,
            $"DBMS '{name}' is not connected" + (connected.Length > 0 ? $" (connected: {connected})" : " (no DBMS is connected)"));
    }

    public static bool IsJson(BoundOptions options) => options.Str("format", "table").Equals("json", StringComparison.OrdinalIgnoreCase);

    /// <summary>Runs a handler body; a <see cref="StorageException"/> becomes an error result with its code.</summary>
    public static async ValueTask<CommandResult> Run(Func<Task<CommandResult>> body)
    {
        try
        {
            return await body();
        }
        catch (StorageException e)
        {
            return CommandResult.Error(e.Code, e.Message);
        }
    }

    /// <summary>The single positional word after the command words, or an error naming what was expected.</summary>
    public static string Positional(CommandContext context, string what)
    {
        var positional = context.Positional;
        if (positional.Count != 1)
            throw new CommandSyntaxException(positional.Count == 0
                ? $"missing {what}: {context.Spec.UsageText}"
                : $"expected one {what}, got '{string.Join(' ', positional.Select(t => t.Text))}': {context.Spec.UsageText}",
                positional.Count == 0 ? context.Line.Length : positional[1].Position);
        return positional[0].Text;
    }
}
