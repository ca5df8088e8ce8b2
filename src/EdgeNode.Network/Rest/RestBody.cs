using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace EdgeNode.Network.Rest;

/// <summary>
/// A request body read whole into a pooled buffer (ingest batches of 100 KB and more would otherwise land on the large
/// object heap per call). Kestrel enforces the size limit while it is read and answers 413 beyond it.
/// </summary>
internal sealed class RestBody : IDisposable
{
    private const int InitialSize = 4096;
    private const int LargestInitialSize = 16 * 1024 * 1024;
    private byte[]? _buffer;

    private RestBody(byte[]? buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    public static RestBody Empty => new(null, 0);

    public int Length { get; }

    public ReadOnlyMemory<byte> Memory => _buffer is null ? ReadOnlyMemory<byte>.Empty : _buffer.AsMemory(0, Length);

    public ReadOnlySpan<byte> Span => Memory.Span;

    public string Text => Length == 0 ? "" : Encoding.UTF8.GetString(Span);

    public static async Task<RestBody> ReadAsync(HttpRequest request, CancellationToken cancellation)
    {
        if (request.ContentLength == 0) return Empty;
        var size = request.ContentLength is long declared and > 0 ? (int)Math.Min(declared + 1, LargestInitialSize) : InitialSize;
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellation);
                if (read == 0) break;
                length += read;
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
        return new RestBody(buffer, length);
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null) ArrayPool<byte>.Shared.Return(buffer);
    }
}
