using System.Globalization;
using EdgeNode.Cluster.Protocol;
using EdgeNode.Core;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Ingest;
using EdgeNode.Core.Metadata;
using EdgeNode.Core.Network;
using EdgeNode.Core.Storage;

namespace EdgeNode.Cluster.Sync;

/// <summary>
/// <c>file deliver &lt;tsd table&gt; &lt;ids&gt;</c>, what a consumer asks a member for (EdgeLake's <c>file_deliver</c> /
/// <c>deliver_files</c>): each file of the TSD table with one of those ids is found in the archive
/// (<c>archive_dir/YY/MM/DD/</c>, as <c>.json</c> or <c>.json.gz</c>) or, not yet archived, in the distributor's directory,
/// and sent into the requester's watch dir under its 8-section name, so the requester's operator files it in
/// <c>tsd_&lt;member&gt;</c> with the same row id. A file no copy is left of is announced with
/// <c>event missing_archived_file</c>. Files go out several at a time.
/// </summary>
internal sealed class FileDelivery(Node node)
{
    /// <summary>Files sent at once: the transfer of one overlaps the confirmation of another.</summary>
    private const int Parallel = 4;

    private static readonly TimeSpan FileTimeout = TimeSpan.FromMinutes(2);

    public void Register() =>
        node.AddCommand(new CommandSpec("file deliver", "Send the archived files of a TSD table's ids to a cluster member (the HA consumer asks for them).",
            ExecuteAsync)
        {
            Usage = "file deliver [tsd table] [file ids] | file deliver [ip] [port] [tsd table] [file ids]",
            Explanation =
                "From a peer (run client (ip:port) file deliver tsd_12 4-9,12) the files go to the peer that asked; from this node, to ip:port. " +
                "Ids are comma separated; a range first-end does not include its end (4-9 is 4 to 8), as AnyLog writes them. Each file is " +
                "found by its TSD entry in the archive (archive_dir/YY/MM/DD) or in distr_dir and lands in the requester's watch dir; a " +
                "file with no copy left is announced to the requester with 'event missing_archived_file'. The answer is a JSON report.",
            Examples = ["file deliver tsd_12 4-9,12", "file deliver 127.0.0.1 32148 tsd_12 1-100"],
            Topics = ["high availability", "file"],
        });

    private async ValueTask<CommandResult> ExecuteAsync(CommandContext context)
    {
        var words = context.Positional.Select(t => t.Text.TrimEnd(',')).ToArray();
        var origin = PeerOrigin.Current;
        IpPort destination;
        string table, ids;
        if (origin is not null && words.Length is 1 or 2)
            (destination, table, ids) = (origin.ReplyAddress, words[0], words.Length == 2 ? words[1] : origin.Data?.Trim() ?? "");
        else if (words.Length == 4 && IpPort.TryParse($"{words[0]}:{words[1]}", out var address))
            (destination, table, ids) = (address, words[2], words[3]);
        else
            return CommandResult.Error(ErrorCode.CommandStructure, $"expected: {context.Spec.UsageText}");
        if (!TsdSummary.IsTsdTable(table)) return CommandResult.Error(ErrorCode.TableNotFound, $"'{table}' is not a TSD table (tsd_[member id])");
        if (IdRanges.Parse(ids, out var error) is not { } list) return CommandResult.Error(ErrorCode.WrongOptionType, error);
        if (node.Services.Find<IPeerClient>() is not { CanReceiveReplies: true } peers)
            return CommandResult.Error(ErrorCode.NetworkNotAvailable, "the TCP server of this node is not running: run tcp server ...");
        var files = node.Services.Find<ITimeFiles>()
                    ?? throw new CommandSyntaxException("the node has no storage module for tsd_info", 0, ErrorCode.DbmsNotConnected);
        var report = await DeliverAsync(peers, files, destination, table.ToLowerInvariant(), list, context.Cancellation);
        if (origin is { JobId: 0 }) origin.MarkReplied(); // an AnyLog consumer expects files and events, not an answer
        node.Log.Event($"HA: {report.Delivered} file(s) of {table} delivered to {destination}" +
                       (report.NotArchived.Count > 0 ? $", {report.NotArchived.Count} not archived" : "") +
                       (report.Error.Length > 0 ? $"; stopped: {report.Error}" : ""));
        return CommandResult.Json(report.ToJson());
    }

    private async Task<DeliveryReport> DeliverAsync(IPeerClient peers, ITimeFiles files, IpPort destination, string table, List<long> ids,
        CancellationToken cancellation)
    {
        var self = node.Services.Find<IMetadata>()?.NodeOperator;
        var selfMember = self?.Member ?? "0";
        var localTable = TsdSummaryReader.LocalTable(table, selfMember);
        var member = table == "tsd_info" ? selfMember : table[4..];
        var archiveDir = self?.ArchiveDir ?? node.Dictionary.Get("archive_dir") ?? Path.Combine(node.Paths.DataDir, "archive");
        var distrDir = self?.DistrDir ?? node.Dictionary.Get("distr_dir") ?? Path.Combine(node.Paths.DataDir, "distr");
        var report = new DeliveryReport(table);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        try
        {
            await SendAllAsync();
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            // stopped after a file could not be sent: the report says why
        }
        report.NotReady.Sort();
        report.Absent.Sort();
        return report;

        Task SendAllAsync() => System.Threading.Tasks.Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = Parallel, CancellationToken = stop.Token },
            async (id, token) =>
            {
                var entry = await files.FindByIdAsync(id, localTable, token);
                switch (entry?.Status1)
                {
                    case null:
                        lock (report) report.Absent.Add(id);
                        return;
                    case "":
                        lock (report) report.NotReady.Add(id);
                        return;
                    case var status when status.StartsWith("err", StringComparison.OrdinalIgnoreCase):
                        lock (report) report.Absent.Add(id);
                        return;
                }
                var name = new DataFileName
                {
                    Dbms = entry.Dbms, Table = entry.Table, Source = entry.Source, Hash = entry.Hash, Instructions = entry.Instructions,
                    TsdMember = member, TsdRowId = id.ToString(CultureInfo.InvariantCulture), TsdDate = DataFileName.FormatTsdDate(entry.FileTime),
                }.ToString();
                var path = entry.Status1 == MissingArchivedFiles.Status ? null : Find(name, ArchiveLayout.Folder(archiveDir, entry.FileTime), distrDir);
                if (path is null)
                {
                    lock (report) report.NotArchived.Add(name);
                    await peers.NotifyAsync(new PeerRequest([destination], MissingArchivedFiles.Message(table, name)), token);
                    return;
                }
                var reply = await peers.SendFileAsync(destination, path, Path.GetFileName(path), FileTransferTarget.WatchDir, FileTimeout, token);
                if (reply.Replied && reply.ErrorCode == 0)
                {
                    var bytes = new FileInfo(path).Length;
                    lock (report)
                    {
                        report.Delivered++;
                        report.Bytes += bytes;
                    }
                    return;
                }
                lock (report) report.Error = $"{Path.GetFileName(path)}: {reply.Text}";
                await stop.CancelAsync(); // the requester is gone or refuses: the rest waits for its next request
            });
    }

    /// <summary>The file under its name or gzipped, in the archive folder of its date, else in distr_dir (not archived yet).</summary>
    private static string? Find(string name, string archiveFolder, string distrDir)
    {
        foreach (var folder in new[] { archiveFolder, distrDir })
        foreach (var candidate in new[] { name, name + ".gz" })
        {
            var path = Path.Combine(folder, candidate);
            if (File.Exists(path)) return path;
        }
        return null;
    }
}
