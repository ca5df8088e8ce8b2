using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace EdgeNode.Network.Rest;

/// <summary>
/// A request body read whole into a pooled buffer (ingest batches of 100 KB and more would otherwise land on the large
/// object heap per call). Kestrel enforces the size limit while it is read and answers 413 beyond it; the buffer counts
/// against the server's <see cref="RestBodyBudget"/> until disposed.
/// </summary>
internal sealed class RestBody : IDisposable
{
    private const int InitialSize = 4096;
    private const int LargestInitialSize = 16 * 1024 * 1024;
    private byte[]? _buffer;
    private readonly RestBodyBudget? _budget;

    private RestBody(byte[]? buffer, int length, RestBodyBudget? budget)
    {
        _buffer = buffer;
        Length = length;
        _budget = budget;
    }

    public static RestBody Empty => new(null, 0, null);

    public int Length { get; }

    public ReadOnlyMemory<byte> Memory => _buffer is null ? ReadOnlyMemory<byte>.Empty : _buffer.AsMemory(0, Length);

    public ReadOnlySpan<byte> Span => Memory.Span;

    public string Text => Length == 0 ? "" : Encoding.UTF8.GetString(Span);

    /// <summary>
    /// Reads the body; throws a 503 <see cref="BadHttpRequestException"/> when the budget has no room for it, and a 413 when
    /// it holds more than <paramref name="limit"/> bytes (a command body: far below the server's body limit for data), before
    /// reading more than that.
    /// </summary>
    public static async Task<RestBody> ReadAsync(HttpRequest request, RestBodyBudget budget, CancellationToken cancellation,
        long limit = long.MaxValue, string limitName = "")
    {
        if (request.ContentLength == 0) return Empty;
        if (request.ContentLength > limit) throw TooLarge(limit, limitName);
        var size = request.ContentLength is long declared and > 0 ? (int)Math.Min(declared + 1, LargestInitialSize) : InitialSize;
        var buffer = Rent(budget, size);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = Rent(budget, buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    Return(budget, buffer);
                    buffer = larger;
                }
                var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellation);
                if (read == 0) break;
                length += read;
                if (length > limit) throw TooLarge(limit, limitName);
            }
        }
        catch
        {
            Return(budget, buffer);
            throw;
        }
        return new RestBody(buffer, length, budget);
    }

    private static BadHttpRequestException TooLarge(long limit, string limitName) =>
        new($"the body holds more than {limit:N0} bytes, the limit of {limitName}", StatusCodes.Status413PayloadTooLarge);

    private static byte[] Rent(RestBodyBudget budget, int size)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        if (budget.TryReserve(buffer.Length)) return buffer;
        ArrayPool<byte>.Shared.Return(buffer);
        throw new BadHttpRequestException(
            $"the server holds {budget.Used:N0} bytes of request bodies (limit {budget.Capacity:N0}): retry later",
            StatusCodes.Status503ServiceUnavailable);
    }

    private static void Return(RestBodyBudget budget, byte[] buffer)
    {
        budget.Release(buffer.Length);
        ArrayPool<byte>.Shared.Return(buffer);
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null) Return(_budget!, buffer);
    }
}
