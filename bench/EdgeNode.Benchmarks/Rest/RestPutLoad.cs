using System.Net;
using System.Text;
using EdgeNode.Benchmarks.Ingest;

namespace EdgeNode.Benchmarks.Rest;

/// <summary>
/// The PUT calls of the REST ingest benchmark: the rows as JSON-array bodies of <c>batch</c> rows each (built once, the
/// same bytes for every endpoint), sent by concurrent clients as AnyLog clients send them
/// (<c>curl -X PUT -H "type: json" -H "dbms: .." -H "table: .." -H "mode: streaming" -H "Content-Type: text/plain"</c>).
/// </summary>
internal sealed class RestPutLoad
{
    private readonly byte[][] _bodies;

    public RestPutLoad(IngestRows rows, int batch)
    {
        _bodies = new byte[(rows.Count + batch - 1) / batch][];
        var text = new StringBuilder(batch * 80);
        for (var b = 0; b < _bodies.Length; b++)
        {
            text.Clear().Append('[');
            for (var i = b * batch; i < Math.Min(rows.Count, (b + 1) * batch); i++)
                rows.AppendJson(i > b * batch ? text.Append(", ") : text, i);
            _bodies[b] = Encoding.UTF8.GetBytes(text.Append(']').ToString());
        }
        RowCount = rows.Count;
    }

    public int RowCount { get; }

    public long Bytes => _bodies.Sum(b => (long)b.Length);

    /// <summary>PUTs every body once, <paramref name="clients"/> calls at a time; every reply must be 200 with <c>Success</c>.</summary>
    public async Task PutAllAsync(HttpClient http, int clients, string dbms, string table)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            for (var b = Interlocked.Increment(ref next); b < _bodies.Length; b = Interlocked.Increment(ref next))
            {
                using var request = new HttpRequestMessage(HttpMethod.Put, "/") { Content = new ByteArrayContent(_bodies[b]) };
                request.Content.Headers.TryAddWithoutValidation("Content-Type", "text/plain");
                request.Headers.TryAddWithoutValidation("type", "json");
                request.Headers.TryAddWithoutValidation("dbms", dbms);
                request.Headers.TryAddWithoutValidation("table", table);
                request.Headers.TryAddWithoutValidation("mode", "streaming");
                using var response = await http.SendAsync(request);
                var reply = await response.Content.ReadAsStringAsync();
                if (response.StatusCode != HttpStatusCode.OK || !reply.Contains("\"Success\"", StringComparison.Ordinal))
                    throw new InvalidOperationException($"PUT {b} answered {(int)response.StatusCode}: {reply}");
            }
        }));
    }
}
