namespace EdgeNode.Ingest.Streaming;

/// <summary>When a streaming buffer is flushed to a file: after <see cref="TimeSeconds"/> or past <see cref="VolumeBytes"/>.</summary>
public sealed record ThresholdSetting(long TimeSeconds, long VolumeBytes, bool WriteImmediate)
{
    /// <summary>EdgeLake's defaults: 60 seconds, 10 KB, no write-immediate.</summary>
    public static readonly ThresholdSetting Default = new(60, 10 * 1024, false);
}
