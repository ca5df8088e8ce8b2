using EdgeNode.Core.Binding;
using EdgeNode.Core.Network;
using EdgeNode.Network.Tcp.Client;

namespace EdgeNode.Tests.Network;

public sealed class PeerJobTests
{
    private static readonly IpPort A = new("127.0.0.1", 1), B = new("127.0.0.1", 2);
    private readonly List<(IpPort Peer, bool Responding)> _events = [];
    private readonly JobTable _jobs = new(TimeProvider.System);

    private PeerJob Create(TimeSpan timeout, params IpPort[] destinations) =>
        _jobs.Create(destinations, timeout, (peer, responding, _) =>
        {
            lock (_events) _events.Add((peer, responding));
        })!;

    private static async Task<List<PeerJobMessage>> ReadAllAsync(PeerJob job)
    {
        var messages = new List<PeerJobMessage>();
        await foreach (var message in job.Messages.ReadAllAsync(TestContext.Current.CancellationToken)) messages.Add(message);
        return messages;
    }

    [Fact]
    public async Task A_job_ends_when_every_destination_finished_all_its_partitions()
    {
        await using var job = Create(TimeSpan.FromSeconds(30), A, B);
        var reading = ReadAllAsync(job);

        Assert.True(await job.DeliverAsync(new PeerJobMessage(0, PeerMessageKind.Print) { Text = "a" }));
        Assert.True(await job.DeliverAsync(new PeerJobMessage(0, PeerMessageKind.Print) { Text = "a again" })); // a duplicate
        Assert.True(await job.DeliverAsync(new PeerJobMessage(1, PeerMessageKind.JobReply) { PartitionsUsed = 2, PartitionId = 0 }));
        Assert.False(reading.IsCompleted); // B has one partition to go, whatever A sent
        Assert.True(await job.DeliverAsync(new PeerJobMessage(1, PeerMessageKind.JobReply) { PartitionsUsed = 2, PartitionId = 1 }));

        Assert.Equal(4, (await reading.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken)).Count);
        Assert.Equal([PeerReplyStatus.Replied, PeerReplyStatus.Replied], job.Statuses);
        Assert.Equal([(A, true), (B, true)], _events);
    }

    [Fact]
    public async Task Destinations_that_do_not_answer_time_out_and_later_replies_are_refused()
    {
        await using var job = Create(TimeSpan.FromMilliseconds(100), A, B);
        job.Fail(0, "connection refused");

        var messages = await ReadAllAsync(job);

        Assert.Equal(PeerMessageKind.SendFailed, Assert.Single(messages).Kind);
        Assert.Equal([PeerReplyStatus.Failed, PeerReplyStatus.TimedOut], job.Statuses);
        Assert.False(await job.DeliverAsync(new PeerJobMessage(1, PeerMessageKind.Print)));
        Assert.False(await job.DeliverAsync(new PeerJobMessage(5, PeerMessageKind.Print))); // not a destination of the job
        Assert.Equal([(A, false), (B, false)], _events);
    }

    [Fact]
    public async Task Replies_find_their_job_by_location_and_id_until_it_is_disposed()
    {
        var job = Create(TimeSpan.FromSeconds(30), A);
        Assert.Same(job, _jobs.Find(job.JobLocation, job.JobId));
        Assert.Null(_jobs.Find(job.JobLocation, job.JobId + 1));
        Assert.Null(_jobs.Find(JobTable.Capacity, job.JobId));

        await job.DisposeAsync();

        Assert.Null(_jobs.Find(job.JobLocation, job.JobId));
        Assert.False(await job.DeliverAsync(new PeerJobMessage(0, PeerMessageKind.Print)));
        var next = Create(TimeSpan.FromSeconds(30), A);
        Assert.NotEqual(job.JobId, next.JobId);
        await next.DisposeAsync();
    }
}
