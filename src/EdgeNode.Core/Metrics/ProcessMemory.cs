using System.Globalization;
using System.Runtime;

namespace EdgeNode.Core.Metrics;

/// <summary>
/// The node process's memory as the kernel and the garbage collector see it: resident set (VmRSS) and its peak (VmHWM)
/// from <c>/proc/self/status</c>, the managed heap, what the GC has committed, and its limit. Shown by
/// <c>get node info memory</c>, the metrics and the status page.
/// </summary>
public readonly record struct ProcessMemory(
    long ResidentBytes,
    long PeakResidentBytes,
    long VirtualBytes,
    long ManagedHeapBytes,
    long GcCommittedBytes,
    long GcLimitBytes,
    bool ServerGc,
    int Gen0Collections,
    int Gen1Collections,
    int Gen2Collections)
{
    public static ProcessMemory Read()
    {
        long rss = 0, peak = 0, virt = 0;
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) rss = Kilobytes(line);
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) peak = Kilobytes(line);
                else if (line.StartsWith("VmSize:", StringComparison.Ordinal)) virt = Kilobytes(line);
            }
        }
        catch (IOException)
        {
            rss = Environment.WorkingSet; // not Linux: the working set is the closest figure
        }
        var gc = GC.GetGCMemoryInfo();
        return new ProcessMemory(rss, peak, virt, GC.GetTotalMemory(false), gc.TotalCommittedBytes, gc.TotalAvailableMemoryBytes,
            GCSettings.IsServerGC, GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
    }

    /// <summary>The figures by name, in the order <c>get node info memory</c> prints them (bytes, counts, a bool).</summary>
    public IReadOnlyList<(string Name, string Value)> Fields() =>
    [
        ("rss", N(ResidentBytes)),
        ("peak_rss", N(PeakResidentBytes)),
        ("vms", N(VirtualBytes)),
        ("managed_heap", N(ManagedHeapBytes)),
        ("gc_committed", N(GcCommittedBytes)),
        ("gc_limit", N(GcLimitBytes)),
        ("gc_mode", ServerGc ? "server" : "workstation"),
        ("gen0_collections", N(Gen0Collections)),
        ("gen1_collections", N(Gen1Collections)),
        ("gen2_collections", N(Gen2Collections)),
    ];

    private static long Kilobytes(string line) =>
        long.Parse(line.AsSpan(line.IndexOf(':') + 1).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) * 1024;

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);
}
