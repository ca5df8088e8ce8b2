using System.Collections.Concurrent;
using System.Globalization;
using EdgeNode.Core.Output;

namespace EdgeNode.Network.Rest;

/// <summary>
/// Counters of <c>get rest calls</c>: per caller product (anylog, grafana, ...) and HTTP method, the calls processed, the
/// errors and the last one, the first and last call times and the last caller's address.
/// </summary>
internal sealed class RestCallStatistics(TimeProvider time)
{
    private static readonly string[] MethodOrder = ["GET", "POST", "PUT"];
    private readonly ConcurrentDictionary<(string Caller, string Method), Counter> _counters = new();

    public void Record(string caller, string method, string remote, string? error)
    {
        var counter = _counters.GetOrAdd((caller, method), _ => new Counter());
        var now = time.GetUtcNow().UtcDateTime;
        lock (counter)
        {
            counter.Processed++;
            if (counter.Processed == 1) counter.First = now;
            counter.Last = now;
            counter.LastCaller = remote;
            if (error is null) return;
            counter.Errors++;
            counter.LastError = error;
        }
    }

    /// <summary>The table of <c>get rest calls</c>, titled with the server's URL; a caller's name is printed on its first row.</summary>
    public string Format(string url)
    {
        var rows = new List<IReadOnlyList<object?>>();
        foreach (var group in _counters.ToArray().GroupBy(c => c.Key.Caller).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var first = true;
            foreach (var (key, counter) in group.OrderBy(c => MethodRank(c.Key.Method)).ThenBy(c => c.Key.Method, StringComparer.Ordinal))
            {
                lock (counter)
                {
                    rows.Add([first ? key.Caller : "", key.Method, counter.Processed, counter.Errors, counter.LastError,
                        Time(counter.First), Time(counter.Last), counter.LastCaller]);
                }
                first = false;
            }
        }
        return TableFormatter.Format(
            ["Caller", "Call", "Processed", "Errors", "Last Error", "First Call", "Last Call", "Last Caller"], rows,
            $"Statistics for REST calls using {url}");
    }

    private static int MethodRank(string method)
    {
        var rank = Array.IndexOf(MethodOrder, method);
        return rank < 0 ? MethodOrder.Length : rank;
    }

    private static string Time(DateTime time) => time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private sealed class Counter
    {
        public long Processed;
        public long Errors;
        public string LastError = "";
        public DateTime First;
        public DateTime Last;
        public string LastCaller = "";
    }
}
