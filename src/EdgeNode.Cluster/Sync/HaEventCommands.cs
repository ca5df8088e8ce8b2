using EdgeNode.Cluster.Protocol;
using EdgeNode.Core;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Metadata;
using EdgeNode.Core.Network;
using EdgeNode.Core.Storage;

namespace EdgeNode.Cluster.Sync;

/// <summary>
/// The messages cluster members exchange (EdgeLake's <c>dbms/ha.py</c> events): <c>get_recent_tsd_info</c> and its answer
/// <c>recent_tsd_info</c>, <c>missing_archived_file</c>, and <c>metadata_ping</c> / <c>metadata_pong</c> for liveness.
/// An event from a node that asked without a job (AnyLog sends them so) is answered with an event of its own, never with
/// a print reply; an EdgeNode node that waits for an answer (a job) gets the answering event's text as the reply.
/// </summary>
internal sealed class HaEventCommands(Node node, ClusterSyncState state)
{
    public const string Ping = "event metadata_ping";
    public const string Pong = "event metadata_pong";

    public void Register()
    {
        Add(TsdSummary.Request, "A cluster member's consumer asks for the range of a TSD table (answered with event recent_tsd_info).", RecentTsdRequestAsync,
            "event get_recent_tsd_info [tsd table] [start date|0] [end date|0]", ["event get_recent_tsd_info tsd_12 \"2026-01-15 00:00:00\" 0"]);
        Add(TsdSummary.Event, "A cluster member's answer to get_recent_tsd_info: the table's range and the member's safe ids.", RecentTsdAnswerAsync,
            "event recent_tsd_info [tsd table] [first date] [first id] [last date] [last id] [safe ids]",
            ["event recent_tsd_info tsd_12 \"2026-01-15 00:00:00.000000\" 3 \"2026-01-16 08:30:00.000000\" 9 *tsd_12~9*tsd_14~4*"]);
        Add(MissingArchivedFiles.EventName, "A cluster member has no archived copy of a file this node asked for: it is recorded as a gap.", MissingAsync,
            "event missing_archived_file [tsd table] [file name]",
            ["event missing_archived_file tsd_12 lsl_demo.ping_sensor.0.ec4b3b6a49c3291802f1d9f1c3444fb3.0.12.7.260115083000.json"]);
        Add(Ping, "Asks a node whether it runs (answered with event metadata_pong).", PingAsync, Ping, [Ping]);
        Add(Pong, "A node answered a ping: its operator is active again.", PongAsync, Pong, [Pong]);
    }

    private void Add(string words, string summary, CommandHandler handler, string usage, string[] examples) =>
        node.AddCommand(new CommandSpec(words, summary, handler) { Usage = usage, Examples = examples, Topics = ["high availability"] });

    private IMetadata? Metadata => node.Services.Find<IMetadata>();

    private DateTime UtcNow => node.Time.GetUtcNow().UtcDateTime;

    private static string[] Words(CommandContext context) => context.Positional.Select(t => t.Text).ToArray();

    private async ValueTask<CommandResult> RecentTsdRequestAsync(CommandContext context)
    {
        var words = Words(context);
        if (words.Length != 3 || !TsdSummary.IsTsdTable(words[0]))
            return CommandResult.Error(ErrorCode.CommandStructure, $"expected: {context.Spec.UsageText}");
        var (start, startError) = Date(words[1]);
        var (end, endError) = Date(words[2]);
        if ((startError ?? endError) is { } error) return CommandResult.Error(ErrorCode.WrongOptionType, error);
        var files = node.Services.Find<ITimeFiles>();
        if (files is null) return CommandResult.Error(ErrorCode.DbmsNotConnected, "the node has no storage module for tsd_info");
        var selfMember = Metadata?.NodeOperator?.Member ?? "0";
        var ownTable = "tsd_" + selfMember;
        var ownLast = (await files.TotalsAsync("tsd_info", TsdRange.All, context.Cancellation)).LastId;
        var safe = state.SafeIdsToSend(ownTable, ownLast).ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);
        var table = words[0].ToLowerInvariant();
        var summary = await TsdSummaryReader.ReadAsync(files, table, TsdSummaryReader.LocalTable(table, selfMember), start, end, safe,
            context.Cancellation);
        var origin = PeerOrigin.Current;
        if (origin is null) return CommandResult.Ok(summary.ToWire());
        state.NotePeerConsumer(origin.ReplyAddress.ToString(), UtcNow);
        if (origin.JobId != 0) return CommandResult.Ok(summary.ToWire());
        origin.MarkReplied();
        // as EdgeLake: an empty table is not answered; otherwise the answer is an event of its own
        if (!summary.IsEmpty && node.Services.Find<IPeerClient>() is { } peers)
            await peers.NotifyAsync(new PeerRequest([origin.ReplyAddress], summary.ToWire()), context.Cancellation);
        return CommandResult.Empty;
    }

    /// <summary><c>0</c> (no bound), or a date in the forms <c>run data consumer</c> accepts.</summary>
    private (DateTime? Date, string? Error) Date(string text)
    {
        if (text == "0") return (null, null);
        return ValueParsers.TryParseDate(text, UtcNow, out var date) ? (date, null) : (null, $"'{text}' is not a date");
    }

    private ValueTask<CommandResult> RecentTsdAnswerAsync(CommandContext context)
    {
        var summary = TsdSummary.TryParse(Words(context), out var error);
        if (summary is null) return ValueTask.FromResult(CommandResult.Error(ErrorCode.CommandStructure, error));
        var sender = PeerOrigin.Current;
        if (sender is { JobId: 0 }) sender.MarkReplied();
        var self = Metadata?.NodeOperator;
        var member = sender is not null && self is not null && Metadata is { } metadata
            ? ClusterMembers.MemberAt(metadata, self.ClusterId, sender.ReplyAddress) ?? sender.ReplyAddress.ToString()
            : "local";
        state.Update(member, summary, UtcNow);
        state.Wake();
        return ValueTask.FromResult(CommandResult.Empty);
    }

    private async ValueTask<CommandResult> MissingAsync(CommandContext context)
    {
        var words = Words(context);
        if (words.Length != 2 || !TsdSummary.IsTsdTable(words[0]))
            return CommandResult.Error(ErrorCode.CommandStructure, $"expected: {context.Spec.UsageText}");
        if (PeerOrigin.Current is { JobId: 0 } origin) origin.MarkReplied();
        var table = words[0].ToLowerInvariant();
        var selfMember = Metadata?.NodeOperator?.Member;
        if (table == "tsd_info" || table == "tsd_" + selfMember)
            return CommandResult.Error(ErrorCode.CommandStructure, $"{table} holds this node's own files: a peer cannot report them missing");
        if (node.Services.Find<ITimeFiles>() is not { } files)
            return CommandResult.Error(ErrorCode.DbmsNotConnected, "the node has no storage module for tsd_info");
        var (recorded, reason) = await MissingArchivedFiles.RecordAsync(files, table, words[1], UtcNow, context.Cancellation);
        if (recorded)
        {
            lock (state.Table(table).Gate) state.Table(table).MissingArchived++;
            node.Log.Event($"HA: {words[1]} is in no member's archive: recorded in {table} as missing (status 01)");
        }
        else if (reason != "recorded before")
        {
            return CommandResult.Error(ErrorCode.FileError, reason);
        }
        return CommandResult.Ok(recorded ? $"Recorded in {table} as missing: {words[1]}" : $"Recorded before in {table}: {words[1]}");
    }

    private async ValueTask<CommandResult> PingAsync(CommandContext context)
    {
        if (PeerOrigin.Current is not { } origin) return CommandResult.Ok("metadata_pong");
        if (origin.JobId != 0) return CommandResult.Ok("metadata_pong");
        origin.MarkReplied();
        if (node.Services.Find<IPeerClient>() is { } peers)
            await peers.NotifyAsync(new PeerRequest([origin.ReplyAddress], Pong), context.Cancellation);
        return CommandResult.Empty;
    }

    private ValueTask<CommandResult> PongAsync(CommandContext context)
    {
        if (PeerOrigin.Current is not { } origin) return ValueTask.FromResult(CommandResult.Error(ErrorCode.CommandStructure, "a pong comes from a peer"));
        if (origin.JobId == 0) origin.MarkReplied();
        Metadata?.SetOperatorStatus(origin.ReplyAddress.ToString(), OperatorStatus.Active);
        state.Wake();
        return ValueTask.FromResult(CommandResult.Empty);
    }
}
