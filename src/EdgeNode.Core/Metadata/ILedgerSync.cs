namespace EdgeNode.Core.Metadata;

/// <summary>
/// What the blockchain synchronizer (<c>run blockchain sync</c>, Network module) needs from the local ledger: its file
/// and md5 version, replacing it atomically with the ledger a master sent while keeping local-only policies, and
/// pushing the policies that wait for a master. Registered by the Metadata module.
/// </summary>
public interface ILedgerSync
{
    /// <summary>The active ledger file (<c>!blockchain_file</c>).</summary>
    string FilePath { get; }

    /// <summary>md5 of the ledger file bytes; empty when the file does not exist.</summary>
    string Version { get; }

    /// <summary>Number of policies in the ledger (deleted ones excluded).</summary>
    int PolicyCount { get; }

    /// <summary>
    /// Makes <paramref name="receivedFile"/> the active ledger (SPEC §2 sync step 3): the policies of the current ledger
    /// marked <c>"ledger": "local"</c> that the received one lacks are appended to it, the current file becomes
    /// <c>blockchain.old</c>, the new one is renamed into place (fsync + atomic rename), and the ledger and the metadata
    /// layer are reloaded. The received file is consumed (moved). Returns the kept local policies so the caller can
    /// push them to the master. A received file with invalid lines or a torn last line is not used: the call throws
    /// <see cref="InvalidDataException"/> and the active ledger stays as it was. Policies <paramref name="withheld"/>
    /// selects by id are left out of it: ones this node dropped that the master may have exported before it dropped them.
    /// </summary>
    Task<LedgerReplaceResult> ReplaceAsync(string receivedFile, Func<string, bool>? withheld, CancellationToken cancellation);

    /// <summary>Re-reads the ledger file and rebuilds the metadata layer (<c>blockchain load metadata</c>).</summary>
    Task ReloadAsync(CancellationToken cancellation);

    /// <summary>Number of commands queued for a master that could not be reached (a durable list next to the ledger).</summary>
    int PendingCount { get; }

    /// <summary>
    /// Sends the queued commands through the registered <see cref="IMasterLink"/>, oldest first; those the master
    /// acknowledged are removed from the list. Returns how many were sent. Call it on each sync period.
    /// </summary>
    Task<int> PushPendingAsync(CancellationToken cancellation);

    /// <summary>
    /// When <c>blockchain insert</c> last began delivering the policy to a master (UTC; set before the policy enters the
    /// local ledger, kept when the master took it), or null when it never did (a local-only policy, or one still queued).
    /// A ledger the master wrote before it took the policy lacks it without having lost it.
    /// </summary>
    DateTime? DeliveredAt(string policyId);

    /// <summary>
    /// When <c>blockchain delete policy ... and master = ..</c> last sent (or queued) the drop of the policy to a master
    /// (UTC), or null. A ledger the master wrote before it dropped the policy still holds it without the drop being lost.
    /// </summary>
    DateTime? DroppedAt(string policyId);

    /// <summary>Raised after every change of the ledger.</summary>
    event EventHandler? Changed;
}
