using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using EdgeNode.Core;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Network;
using EdgeNode.Core.Processes;
using EdgeNode.Network.Tcp.Server;
using EdgeNode.Network.Tcp.Wire;

namespace EdgeNode.Network.Tcp.Client;

/// <summary>
/// The node's <see cref="IPeerClient"/>: each request takes a slot in the <see cref="JobTable"/>, is sent to every
/// destination in parallel (one connection each, the reply address and job fields in the header), and its replies come
/// back through the TCP server.
/// </summary>
internal sealed class PeerClient : IPeerClient
{
    public const string NoServer =
        "the TCP server of this node is not running, so replies cannot reach it: start it with 'run tcp server'";

    /// <summary>How long a peer that reports only failures (EdgeLake) is given to report one once it has the whole message.</summary>
    public static readonly TimeSpan FailureReportWait = TimeSpan.FromSeconds(2);

    private readonly Node node;
    private readonly JobTable jobs;
    private readonly PeerSender sender;
    private readonly ConfirmingPeers _confirming;

    public PeerClient(Node node, JobTable jobs, PeerSender sender)
    {
        this.node = node;
        this.jobs = jobs;
        this.sender = sender;
        _confirming = new ConfirmingPeers(async (peer, cancellation) =>
            (await SendOneAsync(peer, "get version", TimeSpan.FromSeconds(5), cancellation)).Reply);
    }

    /// <summary>True when <paramref name="peer"/> confirms what it took if asked (an EdgeNode node); see <see cref="ConfirmingPeers"/>.</summary>
    public Task<bool> ConfirmsAsync(IpPort peer, CancellationToken cancellation) => _confirming.ConfirmsAsync(peer, cancellation);

    /// <summary>The files this node asked for with <c>file get</c> and has not received yet.</summary>
    public PendingFileGets FileGets { get; } = new();

    public event EventHandler<PeerStatusEventArgs>? PeerStatusChanged;

    public event EventHandler<PeerFileReceivedEventArgs>? FileReceived;

    private TcpServerProcess? Server =>
        node.Processes.Get<TcpServerProcess>(ProcessNames.Tcp) is { State: ProcessState.Running } server ? server : null;

    public bool CanReceiveReplies => Server is not null;

    public async Task<IReadOnlyList<PeerReply>> SendAsync(PeerRequest request, CancellationToken cancellation)
    {
        await using var job = StartCommand(request);
        return await CollectAsync(job, cancellation);
    }

    /// <summary>
    /// Sends a command to one destination and waits for its reply, also telling whether the message was delivered: a peer
    /// that took the message but stayed silent (an EdgeLake node answers some commands only on error) is not one that
    /// could not be reached, although both end as <see cref="PeerReplyStatus.TimedOut"/> when the connection hangs.
    /// </summary>
    public async Task<(PeerReply Reply, bool Delivered)> SendOneAsync(IpPort destination, string command, TimeSpan timeout,
        CancellationToken cancellation, bool askConfirmation = false)
    {
        var delivered = new StrongBox<bool>();
        await using var job = Start([destination], timeout, async (to, header, token) =>
        {
            if (askConfirmation) header.ReplyFlag = 1;
            await sender.SendCommandAsync(to, header, command, token);
            Volatile.Write(ref delivered.Value, true);
        });
        var reply = (await CollectAsync(job, cancellation))[0];
        return (reply, Volatile.Read(ref delivered.Value));
    }

    public Task<IPeerJob> StartJobAsync(PeerRequest request, CancellationToken cancellation) =>
        Task.FromResult<IPeerJob>(StartCommand(request));

    /// <summary>
    /// An EdgeNode peer confirms the file once it landed (asked with the reply flag), and the transfer is done then. An
    /// EdgeLake peer reports only a failure: once the whole file went out, a failure it does not report within
    /// <see cref="FailureReportWait"/> means the file was taken, and its silence is never a reason to mark it not responding.
    /// </summary>
    public async Task<PeerReply> SendFileAsync(IpPort destination, string sourcePath, string destinationName, FileTransferTarget target,
        TimeSpan timeout, CancellationToken cancellation)
    {
        var confirms = await ConfirmsAsync(destination, cancellation);
        await using var job = Start([destination], timeout, (to, header, token) =>
        {
            header.ReplyFlag = 1; // an EdgeNode receiver confirms once the file landed (EdgeLake leaves this byte at 0)
            return PeerSender.SendFileAsync(to, header, destinationName, target, sourcePath, token);
        });
        var collecting = CollectAsync(job, cancellation);
        if (!confirms)
        {
            await job.Sent.WaitAsync(cancellation);
            await Task.WhenAny(collecting, Task.Delay(FailureReportWait, job.Lifetime));
            job.ReplyUnasked(0, $"File sent: {destinationName}");
        }
        return (await collecting)[0];
    }

    public async Task SendFileReplyAsync(PeerOrigin origin, string sourcePath, string destinationPath, CancellationToken cancellation)
    {
        var server = Server ?? throw new InvalidOperationException(NoServer);
        origin.MarkReplied();
        var header = PeerSender.Header(server.ReplyAddressFor(origin.ReplyAddress), origin.JobLocation, origin.JobId, origin.Receivers,
            origin.ReceiverId);
        await PeerSender.SendFileAsync(origin.ReplyAddress, header, destinationPath, FileTransferTarget.Path, sourcePath, cancellation);
    }

    public async Task SendJobReplyAsync(PeerOrigin origin, IAsyncEnumerable<string> rows, JobReplyInfo info, CancellationToken cancellation)
    {
        var server = Server ?? throw new InvalidOperationException(NoServer);
        origin.MarkReplied();
        var header = PeerSender.Header(server.ReplyAddressFor(origin.ReplyAddress), origin.JobLocation, origin.JobId, origin.Receivers,
            origin.ReceiverId);
        if (info.ErrorCode != 0) await PeerSender.SendJobErrorAsync(origin.ReplyAddress, header, info, cancellation);
        else await PeerSender.SendJobReplyAsync(origin.ReplyAddress, header, rows, info, cancellation);
    }

    /// <summary>
    /// Sends a message no reply is expected for (<c>echo</c>/<c>print</c> to a peer: it is shown on the peer's console)
    /// to each destination; returns why each destination could not be reached, or null for those that were.
    /// </summary>
    public async Task<string?[]> NotifyAsync(PeerRequest request, CancellationToken cancellation)
    {
        var server = Server;
        if (server is null) return request.Destinations.Select(_ => (string?)NoServer).ToArray();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(request.Timeout);
        return await Task.WhenAll(request.Destinations.Select(async destination =>
        {
            try
            {
                await sender.SendCommandAsync(destination, PeerSender.Header(server.ReplyAddressFor(destination), 0, 0, 1, 0), request.Command,
                    timeout.Token);
                return null;
            }
            catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
            {
                return $"not delivered within {request.Timeout.TotalSeconds:0.###} seconds";
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return Describe(e);
            }
        }));
    }

    /// <summary>
    /// Starts a job sending the wire command of <paramref name="request"/> to each destination; <paramref name="created"/>
    /// sees the job before anything is sent (to route replies that do not name it).
    /// </summary>
    public PeerJob StartCommand(PeerRequest request, Action<PeerJob>? created = null) =>
        Start(request.Destinations, request.Timeout, (to, header, token) => sender.SendCommandAsync(to, header, request.Command, token), created);

    /// <summary>
    /// Takes a job slot and runs <paramref name="send"/> for each destination with a header naming the job and this
    /// node's reply address. Without a TCP server every destination fails at once.
    /// </summary>
    public PeerJob Start(IReadOnlyList<IpPort> destinations, TimeSpan timeout, Func<IpPort, MessageHeader, CancellationToken, Task> send,
        Action<PeerJob>? created = null)
    {
        var job = jobs.Create(destinations, timeout, RaiseStatus)
            ?? throw new InvalidOperationException($"{JobTable.Capacity} requests are already waiting for replies: try again later");
        created?.Invoke(job);
        var server = Server;
        if (server is null)
        {
            for (var i = 0; i < destinations.Count; i++) job.Fail(i, NoServer);
            return job;
        }
        var sends = new Task[destinations.Count];
        for (var i = 0; i < destinations.Count; i++)
        {
            var header = PeerSender.Header(server.ReplyAddressFor(destinations[i]), job.JobLocation, job.JobId, destinations.Count, i);
            sends[i] = SendOneAsync(job, i, header, send);
        }
        job.TrackSends(Task.WhenAll(sends));
        return job;
    }

    private static async Task SendOneAsync(PeerJob job, int receiver, MessageHeader header,
        Func<IpPort, MessageHeader, CancellationToken, Task> send)
    {
        try
        {
            await send(job.Destinations[receiver], header, job.Lifetime);
        }
        catch (OperationCanceledException) when (job.Lifetime.IsCancellationRequested)
        {
            // timed out or abandoned: the job reports it
        }
        catch (Exception e)
        {
            job.Fail(receiver, Describe(e));
        }
    }

    /// <summary>Reads a job to its end and turns what arrived into one reply per destination.</summary>
    public static async Task<IReadOnlyList<PeerReply>> CollectAsync(PeerJob job, CancellationToken cancellation,
        Action<PeerJobMessage>? onMessage = null)
    {
        var count = job.Destinations.Count;
        var texts = new StringBuilder?[count];
        var last = new PeerJobMessage?[count];
        await foreach (var message in job.Messages.ReadAllAsync(cancellation))
        {
            onMessage?.Invoke(message);
            var text = message.Kind == PeerMessageKind.JobReply ? string.Join('\n', message.Rows) : message.Text;
            var builder = texts[message.ReceiverId] ??= new StringBuilder();
            if (builder.Length > 0 && text.Length > 0) builder.Append('\n');
            builder.Append(text);
            last[message.ReceiverId] = message;
        }
        var statuses = job.Statuses;
        var replies = new PeerReply[count];
        for (var i = 0; i < count; i++)
        {
            var destination = job.Destinations[i];
            replies[i] = statuses[i] switch
            {
                PeerReplyStatus.Replied => new PeerReply(destination, PeerReplyStatus.Replied, texts[i]?.ToString() ?? "")
                {
                    ErrorCode = last[i]?.ErrorCode ?? 0,
                    IsJson = last[i]?.IsJson ?? false,
                },
                PeerReplyStatus.Failed => new PeerReply(destination, PeerReplyStatus.Failed, texts[i]?.ToString() ?? "delivery failed"),
                _ => new PeerReply(destination, PeerReplyStatus.TimedOut, $"no reply within {job.Timeout.TotalSeconds:0.###} seconds"),
            };
        }
        return replies;
    }

    internal void OnFileReceived(PeerFileReceivedEventArgs file) => Raise(FileReceived, file);

    private void RaiseStatus(IpPort peer, bool responding, string reason) =>
        Raise(PeerStatusChanged, new PeerStatusEventArgs(peer, responding, reason));

    private void Raise<T>(EventHandler<T>? handlers, T args)
    {
        if (handlers is null) return;
        foreach (var handler in handlers.GetInvocationList().Cast<EventHandler<T>>())
        {
            try
            {
                handler(this, args);
            }
            catch (Exception e)
            {
                node.Log.Error($"A {typeof(T).Name} handler failed: {e.Message}");
            }
        }
    }

    private static string Describe(Exception e) => e switch
    {
        SocketException socket => $"cannot reach the node: {socket.Message}",
        FileNotFoundException file => $"file '{file.FileName}' does not exist",
        IOException io when io.InnerException is SocketException socket => $"connection lost: {socket.Message}",
        _ => e.Message,
    };
}
