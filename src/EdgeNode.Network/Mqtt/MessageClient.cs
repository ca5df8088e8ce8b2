using EdgeNode.Core;
using EdgeNode.Core.Ingest;
using EdgeNode.Core.Processes;

namespace EdgeNode.Network.Mqtt;

/// <summary>
/// One <c>run msg client</c>: its registered topic blocks (ingest side) and, for an external broker, its MQTT connection.
/// <c>local</c> and <c>rest</c> subscriptions have no connection of their own: the node's broker and REST server route
/// their messages by topic.
/// </summary>
internal sealed class MessageClient
{
    private readonly Node _node;
    private readonly CancellationTokenSource _stopping = new();
    private Task _running = Task.CompletedTask;

    public MessageClient(Node node, MsgClientOptions options, ITopicSubscription subscription)
    {
        _node = node;
        Options = options;
        Subscription = subscription;
        if (options.IsExternal) Subscriber = new MqttSubscriber(node, options, subscription);
    }

    public int Id => Subscription.Id;
    public MsgClientOptions Options { get; }
    public ITopicSubscription Subscription { get; }
    public MqttSubscriber? Subscriber { get; }

    /// <summary>The Connection line of <c>get msg clients</c>.</summary>
    public string Connection => Options.Broker switch
    {
        MsgClientOptions.Local => _node.Processes.IsRunning(ProcessNames.MessageBroker)
            ? "Connected to local Message Server"
            : "Not connected: the message broker is not running (run message broker)",
        MsgClientOptions.Rest => _node.Processes.IsRunning(ProcessNames.Rest)
            ? "Connected to local REST Server"
            : "Not connected: the REST server is not running (run rest server)",
        _ => Subscriber!.Status,
    };

    public bool IsConnected => Connection.StartsWith("Connected", StringComparison.Ordinal);

    public void Start()
    {
        if (Subscriber is not null) _running = Subscriber.RunAsync(_stopping.Token);
    }

    /// <summary>Closes the connection (messages in flight are journaled first), then unregisters the topics.</summary>
    public async Task StopAsync()
    {
        await _stopping.CancelAsync();
        try
        {
            await _running;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _node.Log.Error($"Message client {Id:D4} stopped with an error: {e.Message}");
        }
        catch (OperationCanceledException)
        {
            // stopped
        }
        Subscription.Dispose();
        _stopping.Dispose();
    }
}
