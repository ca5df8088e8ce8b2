namespace EdgeNode.Core.Processes;

/// <summary>Life cycle of a background process: Starting → Running → Stopping → Stopped, or Faulted with the error.</summary>
public enum ProcessState : byte { NotDeclared, Starting, Running, Stopping, Stopped, Faulted }

/// <summary>Shutdown order: listeners stop taking work first, then pipelines drain, then storage closes.</summary>
public enum ShutdownStage : byte { Listener = 0, Pipeline = 1, Storage = 2 }
