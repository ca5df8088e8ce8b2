namespace EdgeNode.Core.Processes;

/// <summary>A process that listens on a socket (TCP, REST, Message Broker); feeds <c>get connections</c> and <c>get status</c>.</summary>
public interface IListenerProcess : IProcess
{
    string ExternalAddress { get; }
    string InternalAddress { get; }
    string BindAddress { get; }
}
