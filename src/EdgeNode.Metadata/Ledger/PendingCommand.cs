using EdgeNode.Core.Binding;

namespace EdgeNode.Metadata.Ledger;

/// <summary>A command queued for a master, with the ledger line that stores it.</summary>
internal sealed record PendingCommand(IpPort Master, string Command, string Line);
