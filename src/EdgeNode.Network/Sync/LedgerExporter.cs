using System.Security.Cryptography;
using System.Text;
using EdgeNode.Core.IO;
using EdgeNode.Core.Metadata;

namespace EdgeNode.Network.Sync;

/// <summary>
/// Writes the master's ledger table as a ledger file (SPEC §2: the <c>policy</c> column of each row, ordered by date, one
/// per line) and its md5, the version nodes compare with theirs. The file is written under a temporary name, fsynced and
/// renamed, so a reader never sees half of it; exports are serialized so concurrent requests do not interleave. The
/// snapshot keeps the file open, so it can be sent whole even if the next export replaces it by name meanwhile.
/// Every node asks every period, and the table rarely changes: an export is reused while the table's stamp and the file
/// stay the same, for at most <see cref="MaxReuse"/> (a row changed with <c>sql</c> directly shows after that).
/// </summary>
internal sealed class LedgerExporter(TimeProvider time)
{
    public static readonly TimeSpan MaxReuse = TimeSpan.FromSeconds(10);

    private static readonly byte[] NewLine = "\n"u8.ToArray();

    private readonly SemaphoreSlim _gate = new(1, 1);
    private Export? _last;

    public async Task<LedgerSnapshot> ExportAsync(ILedgerTable table, string path, bool open, CancellationToken cancellation)
    {
        await _gate.WaitAsync(cancellation);
        try
        {
            var stamp = await table.StampAsync(cancellation);
            var now = time.GetUtcNow();
            if (_last is not { } last || last.Path != path || last.Stamp != stamp || now - last.At > MaxReuse
                || !File.Exists(path) || File.GetLastWriteTimeUtc(path) != last.Written)
            {
                var (version, policies) = await WriteAsync(await table.ExportAsync(cancellation), path, cancellation);
                _last = last = new Export(path, stamp, version, policies, now, File.GetLastWriteTimeUtc(path));
            }
            var stream = open ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16) : null;
            return new LedgerSnapshot(path, last.Version, last.Policies, stream);
        }
        finally
        {
            _gate.Release();
        }
    }

    private static async Task<(string Version, int Policies)> WriteAsync(IReadOnlyList<LedgerRow> rows, string path, CancellationToken cancellation)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = $"{path}.{Guid.NewGuid():N}{DurableFiles.PartialSuffix}";
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                foreach (var row in rows)
                {
                    var line = Encoding.UTF8.GetBytes(row.Policy);
                    md5.AppendData(line);
                    md5.AppendData(NewLine);
                    await file.WriteAsync(line, cancellation);
                    await file.WriteAsync(NewLine, cancellation);
                }
                await file.FlushAsync(cancellation);
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary); // gone after the rename; left only when writing failed
        }
        return (Convert.ToHexStringLower(md5.GetHashAndReset()), rows.Count);
    }

    /// <summary>The last export: where, of which table state, when, and the file's write time then.</summary>
    private sealed record Export(string Path, LedgerTableStamp Stamp, string Version, int Policies, DateTimeOffset At, DateTime Written);
}
