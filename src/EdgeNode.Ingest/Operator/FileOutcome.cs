namespace EdgeNode.Ingest.Operator;

/// <summary>What became of a file a worker took: handled (loaded or moved aside), or left in the watch dir on purpose.</summary>
internal enum FileOutcome : byte
{
    Done,
    Skipped,
}
