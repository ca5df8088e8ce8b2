using System.Buffers.Binary;
using System.Security.Cryptography;

namespace EdgeNode.Network.Tcp.Wire;

/// <summary>
/// The hash of a file transfer's bytes, carried by its last block in the 16-byte block-hash field that EdgeLake leaves
/// at zero. A receiver that finds a non-zero value checks it before the file lands; zero (an EdgeLake sender) is not
/// checked. MD5, the algorithm EdgeLake names that field after.
/// </summary>
internal sealed class TransferHash : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.MD5);

    public void Append(ReadOnlySpan<byte> data) => _hash.AppendData(data);

    public UInt128 Finish()
    {
        Span<byte> digest = stackalloc byte[16];
        _hash.GetHashAndReset(digest);
        return BinaryPrimitives.ReadUInt128BigEndian(digest);
    }

    public void Dispose() => _hash.Dispose();
}
