using EdgeNode.Core;
using EdgeNode.Core.Ingest;
using EdgeNode.Scheduling.Conditions;
using EdgeNode.Scheduling.Monitoring;
using EdgeNode.Scheduling.Scheduler;
using EdgeNode.Scheduling.Smtp;
using EdgeNode.Scheduling.Webhooks;

namespace EdgeNode.Scheduling;

/// <summary>
/// Scheduling and alerts: the schedulers (Scheduler/), the SMTP client for email and SMS (Smtp/), webhooks (Webhooks/),
/// streaming conditions tested on ingested rows (Conditions/) and the monitoring commands tasks call (Monitoring/).
/// The system scheduler 0 starts with the node and runs EdgeLake's system task, "Metadata Ping", every minute.
/// </summary>
public sealed class SchedulingModule : ICommandModule
{
    public const string SystemTaskName = "Metadata Ping";

    public void Register(Node node)
    {
        var schedulers = new Schedulers(node);
        node.Services.Add(schedulers);
        SchedulerCommands.Register(node, schedulers);
        ServersPing.Register(node);
        MailCommands.Register(node);
        WebhookCommands.Register(node);
        var conditions = new StreamingConditions(node);
        node.Services.Add<IRowConditions>(conditions);
        node.Services.Add(conditions);
        ConditionCommands.Register(node, conditions);
        MonitorCommands.Register(node, new MonitoredTopics());
        DateTimeCommand.Register(node);
        StartSystemScheduler(node, schedulers);
    }

    private static void StartSystemScheduler(Node node, Schedulers schedulers)
    {
        var now = node.Time.GetUtcNow().UtcDateTime;
        schedulers.Declare(Schedulers.System).Add(SystemTaskName, now, TimeSpan.FromMinutes(1), ServersPing.Command);
        var started = schedulers.RunAsync(Schedulers.System, CancellationToken.None).GetAwaiter().GetResult();
        if (started.IsError) node.Log.Error($"System scheduler did not start: {started.ErrorLine}");
    }
}
