namespace EdgeNode.Ingest.Operator;

/// <summary>
/// What became of a file a worker took: handled (loaded or moved aside), left in the watch dir on purpose, or left
/// there to be tried again later because its database could not take it (down, not connected yet).
/// </summary>
internal enum FileOutcome : byte
{
    Done,
    Skipped,
    Waiting,
}
