using EdgeNode.Core.Commands;

namespace EdgeNode.Core.Security;

/// <summary>
/// The commands REST callers and remote peers may run (<c>set command access</c>), checked by the dispatcher for every
/// command they send, assignments' commands and <c>&amp;</c>-joined commands included. The console and scripts run
/// anything. An authenticated REST user of type <c>readonly</c> is held to read-only commands whatever the rule.
/// </summary>
public sealed class CommandAccess
{
    private AccessRule _rest = AccessRule.All;
    private AccessRule _peer = AccessRule.All;

    public AccessRule Rest
    {
        get => Volatile.Read(ref _rest);
        set => Volatile.Write(ref _rest, value);
    }

    public AccessRule Peer
    {
        get => Volatile.Read(ref _peer);
        set => Volatile.Write(ref _peer, value);
    }

    /// <summary>Null when <paramref name="source"/> may assign a variable (<c>x = ...</c>: it changes the node), else why not.</summary>
    public string? CheckAssignment(CommandSource source)
    {
        var rule = source == CommandSource.Rest ? Rest : Peer;
        if (!rule.AllowsAll)
            return $"assignments are not allowed to {(source == CommandSource.Rest ? "REST callers" : "remote peers")} on this node (allowed: {rule.Text})";
        return CallerIdentity.Current is { ReadOnly: true } caller && source == CommandSource.Rest
            ? $"user '{caller.User}' may only run read-only commands: an assignment changes the node"
            : null;
    }

    /// <summary>Null when the command may run for <paramref name="source"/>, else why not.</summary>
    public string? Check(Node node, CommandSource source, CommandSpec spec, IReadOnlyList<Token> tokens, int words)
    {
        var rule = source switch
        {
            CommandSource.Rest => Rest,
            CommandSource.Peer => Peer,
            _ => null,
        };
        if (rule is not null && !rule.Allows(node, spec, tokens, words))
            return $"'{spec.Words}' is not allowed to {(source == CommandSource.Rest ? "REST callers" : "remote peers")} on this node (allowed: {rule.Text})";
        if (CallerIdentity.Current is { ReadOnly: true } caller && source == CommandSource.Rest
            && !ReadOnlyCommands.IsReadOnly(node, spec, tokens, words))
            return $"user '{caller.User}' may only run read-only commands: '{spec.Words}' changes the node";
        return null;
    }
}
