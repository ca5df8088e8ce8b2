using System.Globalization;

namespace EdgeNode.Scheduling.Monitoring;

/// <summary>
/// The machine figures of <c>get node info</c>, read from Linux's /proc as psutil reads them (the names and fields are
/// psutil's, which EdgeLake calls): cpu_percent, cpu_count, getloadavg, virtual_memory, swap_memory, net_io_counters,
/// boot_time. Each returns its fields in psutil's order; a lone value has one field named "value".
/// </summary>
internal static class SystemInfo
{
    private static readonly object CpuGate = new();
    private static (long Idle, long Total, DateTime At)? _lastCpu;

    public static readonly string[] Functions = ["cpu_percent", "cpu_count", "getloadavg", "virtual_memory", "swap_memory", "net_io_counters", "boot_time"];

    /// <summary>psutil's type name for the tuple form (<c>snetio(bytes_sent=1, ...)</c>); null for lone values.</summary>
    public static string? TupleName(string function) => function switch
    {
        "virtual_memory" => "svmem",
        "swap_memory" => "sswap",
        "net_io_counters" => "snetio",
        _ => null,
    };

    public static IReadOnlyList<(string Name, string Value)>? Read(string function) => function switch
    {
        "cpu_percent" => [("value", CpuPercent().ToString("0.0", CultureInfo.InvariantCulture))],
        "cpu_count" => [("value", Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture))],
        "getloadavg" => [("value", "(" + string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) + ")")],
        "virtual_memory" => Memory(),
        "swap_memory" => Swap(),
        "net_io_counters" => Network(),
        "boot_time" => [("value", BootTime())],
        _ => null,
    };

    /// <summary>System-wide CPU use since the previous call (a 200 ms sample when there is none recent), in percent.</summary>
    private static double CpuPercent()
    {
        lock (CpuGate)
        {
            var now = DateTime.UtcNow;
            if (_lastCpu is not { } last || now - last.At > TimeSpan.FromMinutes(10) || now - last.At < TimeSpan.FromMilliseconds(100))
            {
                last = ReadCpu(now);
                Thread.Sleep(200);
            }
            var current = ReadCpu(DateTime.UtcNow);
            _lastCpu = current;
            var total = current.Total - last.Total;
            return total <= 0 ? 0 : Math.Round(100.0 * (total - (current.Idle - last.Idle)) / total, 1);
        }
    }

    private static (long Idle, long Total, DateTime At) ReadCpu(DateTime at)
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var idle = fields[3] + (fields.Length > 4 ? fields[4] : 0);
        return (idle, fields.Take(8).Sum(), at);
    }

    private static Dictionary<string, long> MemInfo() =>
        File.ReadLines("/proc/meminfo").Select(l => l.Split(':', 2)).Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => long.Parse(p[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024);

    private static IReadOnlyList<(string, string)> Memory()
    {
        var info = MemInfo();
        var total = info["MemTotal"];
        var available = info.GetValueOrDefault("MemAvailable", info["MemFree"]);
        var free = info["MemFree"];
        var used = total - free - info.GetValueOrDefault("Buffers") - info.GetValueOrDefault("Cached");
        return [("total", N(total)), ("available", N(available)), ("percent", Percent(total - available, total)), ("used", N(used)), ("free", N(free))];
    }

    private static IReadOnlyList<(string, string)> Swap()
    {
        var info = MemInfo();
        var total = info.GetValueOrDefault("SwapTotal");
        var free = info.GetValueOrDefault("SwapFree");
        return [("total", N(total)), ("used", N(total - free)), ("free", N(free)), ("percent", Percent(total - free, total))];
    }

    /// <summary>/proc/net/dev summed over every interface, as psutil.net_io_counters() does.</summary>
    private static IReadOnlyList<(string, string)> Network()
    {
        long bytesRecv = 0, packetsRecv = 0, errIn = 0, dropIn = 0, bytesSent = 0, packetsSent = 0, errOut = 0, dropOut = 0;
        foreach (var line in File.ReadLines("/proc/net/dev").Skip(2))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0) continue;
            var f = line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            bytesRecv += f[0]; packetsRecv += f[1]; errIn += f[2]; dropIn += f[3];
            bytesSent += f[8]; packetsSent += f[9]; errOut += f[10]; dropOut += f[11];
        }
        return [("bytes_sent", N(bytesSent)), ("bytes_recv", N(bytesRecv)), ("packets_sent", N(packetsSent)), ("packets_recv", N(packetsRecv)),
            ("errin", N(errIn)), ("errout", N(errOut)), ("dropin", N(dropIn)), ("dropout", N(dropOut))];
    }

    private static string BootTime()
    {
        var line = File.ReadLines("/proc/stat").First(l => l.StartsWith("btime ", StringComparison.Ordinal));
        return line[6..].Trim() + ".0";
    }

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Percent(long part, long total) =>
        (total == 0 ? 0 : Math.Round(100.0 * part / total, 1)).ToString("0.0", CultureInfo.InvariantCulture);
}
