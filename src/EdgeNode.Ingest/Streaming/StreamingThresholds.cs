using System.Collections.Concurrent;

namespace EdgeNode.Ingest.Streaming;

/// <summary>
/// The thresholds of <c>set buffer threshold</c>: a global setting, then per dbms, then per dbms.table (the most
/// specific wins). Setting time and volume to 0 removes a dbms or table entry.
/// </summary>
public sealed class StreamingThresholds
{
    private readonly ConcurrentDictionary<string, ThresholdSetting> _entries = new(StringComparer.Ordinal);

    public ThresholdSetting Global { get; private set; } = ThresholdSetting.Default;

    public IReadOnlyDictionary<string, ThresholdSetting> Entries => _entries;

    public void Set(string? dbms, string? table, ThresholdSetting setting)
    {
        if (dbms is null)
        {
            Global = setting;
            return;
        }
        var key = table is null ? dbms : $"{dbms}.{table}";
        if (setting is { TimeSeconds: 0, VolumeBytes: 0 }) _entries.TryRemove(key, out _);
        else _entries[key] = setting;
    }

    public ThresholdSetting For(string dbms, string table) =>
        _entries.TryGetValue($"{dbms}.{table}", out var tableSetting) ? tableSetting
        : _entries.TryGetValue(dbms, out var dbmsSetting) ? dbmsSetting
        : Global;
}
