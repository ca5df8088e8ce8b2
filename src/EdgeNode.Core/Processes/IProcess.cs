namespace EdgeNode.Core.Processes;

/// <summary>A background process of the node (TCP, REST, Operator, Streamer, ...), listed by <c>get processes</c>.</summary>
public interface IProcess
{
    /// <summary>The name as <c>get processes</c> prints it, one of <see cref="ProcessNames"/>.</summary>
    string Name { get; }

    ProcessState State { get; }

    /// <summary>The one-line configuration string of <c>get processes</c>, or the fault reason.</summary>
    string Details { get; }

    ShutdownStage Stage { get; }

    /// <summary>Starts the process; returns once it is running (a listener has bound its port) or throws.</summary>
    Task StartAsync(CancellationToken cancellation);

    /// <summary>Stops the process and waits for its work loop to finish.</summary>
    Task StopAsync(CancellationToken cancellation);
}
