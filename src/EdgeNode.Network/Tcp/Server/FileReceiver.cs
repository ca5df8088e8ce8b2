using System.IO.Compression;
using System.Net.Sockets;
using System.Text;
using EdgeNode.Core;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Metrics;
using EdgeNode.Core.Network;
using EdgeNode.Network.Tcp.Wire;

namespace EdgeNode.Network.Tcp.Server;

/// <summary>
/// Receives <c>file write &lt;name&gt;</c> transfers (SPEC §3.1): the bytes go to a temporary <c>&lt;name&gt;.&lt;id&gt;.transfer</c>
/// file next to the destination, are checked against the hash the sender put in the last block (when it put one), made
/// durable, gunzipped when the name ends in <c>.gz</c>, and only then renamed to the final name. A transfer that breaks
/// off, times out or fails the check is deleted: it never lands as a data file. Flag 1 lands in <c>!watch_dir</c>,
/// flag 2 is a ledger (relative names land in <c>!blockchain_dir</c>), flag 0 the path given (absolute after the
/// receiver's <c>!var</c> references are resolved), flag 3 a large command kept in memory and executed. A destination
/// outside the directories <see cref="PeerFileAccess"/> allows is refused before anything is written, unless it is a file
/// this node asked for with <c>file get</c>.
/// </summary>
internal sealed class FileReceiver(Node node, MessageLimits limits, PeerFileAccess access, Client.PendingFileGets fileGets)
{
    private const int WriteBuffer = 1 << 16;

    public async Task<FileWriteResult> ReceiveAsync(MessageHeader header, string command, byte[] block, BlockReader blocks)
    {
        var target = (FileTransferTarget)header.GenericFlag;
        var maxBlocks = limits.MaxFileBytes / Math.Max(1, BlockWriter.PayloadCapacity(header.CommandLength, header.AuthLength)) + 1;
        var arguments = MessageVerbs.Arguments(command, 2);
        string? error = null;
        string? destination = null;
        var code = ErrorCode.FileError;
        if (arguments.Length == 0) error = "'file write' names no file";
        else if (target > FileTransferTarget.LargeCommand) error = $"unknown file transfer flag {header.GenericFlag}";
        else if (target == FileTransferTarget.LargeCommand)
            return new FileWriteResult(target)
            {
                LargeCommand = Encoding.UTF8.GetString(await MessageBody.ReadAsync(header, block, blocks, limits.MaxInMemoryBlocks)),
            };
        else (destination, error, code) = Resolve(WireCommand.WordText(arguments[0]), target);
        if (error is not null)
        {
            await MessageBody.DrainAsync(header, block, blocks, maxBlocks);
            return FileWriteResult.Failed(target, error) with { Code = code };
        }
        return await WriteAsync(header, block, blocks, destination!, target, maxBlocks);
    }

    private async Task<FileWriteResult> WriteAsync(MessageHeader header, byte[] block, BlockReader blocks, string destination,
        FileTransferTarget target, long maxBlocks)
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var temporary = $"{destination}.{id}.transfer";
        var landed = false;
        long lines = 0; // a data file holds one JSON row a line: what the metrics count as rows received from peers
        try
        {
            using (var hash = new TransferHash())
            {
                await using var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, WriteBuffer);
                long total = 0;
                while (true)
                {
                    total += header.PayloadLength;
                    if (total > limits.MaxFileBytes || blocks.Count > maxBlocks)
                        throw new ProtocolException($"the file exceeds {limits.MaxFileBytes} bytes");
                    hash.Append(block.AsSpan(header.PayloadOffset, header.PayloadLength));
                    lines += block.AsSpan(header.PayloadOffset, header.PayloadLength).Count((byte)'\n');
                    file.Write(block, header.PayloadOffset, header.PayloadLength);
                    if (header.IsLastBlock) break;
                    header = await MessageBody.NextAsync(block, blocks);
                }
                if (header.BlockHash != UInt128.Zero && hash.Finish() != header.BlockHash)
                    return FileWriteResult.Failed(target, $"the file received for '{destination}' does not match the sender's hash: it was not kept");
                file.Flush(flushToDisk: true);
            }
            if (destination.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
            {
                destination = destination[..^3];
                lines = Gunzip(temporary, $"{destination}.{id}.transfer");
                File.Delete(temporary);
                temporary = $"{destination}.{id}.transfer";
            }
            File.Move(temporary, destination, overwrite: true);
            landed = true;
            if (target == FileTransferTarget.WatchDir) node.Metrics.RowsReceived(IngestChannel.Peer, lines);
            return new FileWriteResult(target) { Path = destination };
        }
        catch (InvalidDataException e)
        {
            return FileWriteResult.Failed(target, $"'{destination}.gz' is not a valid gzip file: {e.Message}");
        }
        catch (Exception e) when (e is UnauthorizedAccessException || (e is IOException && e.InnerException is not SocketException))
        {
            // the disk refused (full, permissions); a broken connection (SocketException inside) is the caller's to report
            return FileWriteResult.Failed(target, $"cannot write '{destination}': {e.Message}");
        }
        finally
        {
            if (!landed) TryDelete(temporary);
        }
    }

    /// <summary>
    /// Decompresses into a new temporary file, bounded like a transfer (a small gzip can expand without limit). Returns the
    /// lines of the content.
    /// </summary>
    private long Gunzip(string source, string destination)
    {
        try
        {
            using var input = new GZipStream(File.OpenRead(source), CompressionMode.Decompress);
            using var output = new FileStream(destination, FileMode.CreateNew, FileAccess.Write, FileShare.None, WriteBuffer);
            var buffer = new byte[WriteBuffer];
            long total = 0, lines = 0;
            int read;
            while ((read = input.Read(buffer)) > 0)
            {
                total += read;
                lines += buffer.AsSpan(0, read).Count((byte)'\n');
                if (total > limits.MaxFileBytes) throw new IOException($"the file expands beyond {limits.MaxFileBytes} bytes");
                output.Write(buffer, 0, read);
            }
            output.Flush(flushToDisk: true);
            return lines;
        }
        catch
        {
            TryDelete(destination);
            throw;
        }
    }

    private (string? Path, string? Error, ErrorCode Code) Resolve(string name, FileTransferTarget target)
    {
        string path;
        switch (target)
        {
            case FileTransferTarget.WatchDir:
                var file = Path.GetFileName(name);
                if (file.Length == 0 || file is "." or "..") return (null, $"'{name}' is not a file name", ErrorCode.FileError);
                path = Path.Combine(node.Dictionary.Get("watch_dir") ?? Path.Combine(node.Paths.DataDir, "watch"), file);
                break;
            case FileTransferTarget.Ledger:
                var ledger = node.Variables.SubstituteText(name);
                path = Path.IsPathRooted(ledger) ? ledger : Path.Combine(node.Dictionary.Get("blockchain_dir") ?? node.Paths.BlockchainDir, ledger);
                break;
            default:
                path = node.Variables.SubstituteText(name);
                if (!Path.IsPathRooted(path))
                    return (null, $"destination '{name}' is not an absolute path (start it with a directory or a !dir variable)", ErrorCode.FileError);
                break;
        }
        path = Path.GetFullPath(path);
        // checked before the directory exists, so a refused peer learns nothing of this node's files; a file this node
        // asked for ('file get') goes where its user said
        if (!fileGets.IsExpected(path) && access.Refusal(path, "write") is { } refusal) return (null, refusal, ErrorCode.FileAccessDenied);
        if (Directory.Exists(path)) return (null, $"destination '{path}' is a directory: name the file", ErrorCode.FileError);
        var directory = Path.GetDirectoryName(path);
        if (directory is null || !Directory.Exists(directory)) return (null, $"directory '{directory}' does not exist", ErrorCode.FileError);
        return (path, null, ErrorCode.Success);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // nothing to clean
        }
        catch (UnauthorizedAccessException)
        {
            // nothing to clean
        }
    }
}
