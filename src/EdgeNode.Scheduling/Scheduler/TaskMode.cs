namespace EdgeNode.Scheduling.Scheduler;

/// <summary>
/// A task's mode as <c>get scheduler</c> shows it (EdgeLake's words): Paused until its first run (or after <c>task
/// init</c>/<c>task resume</c>), Active once it ran, Stopped by <c>task stop</c>, Removed by <c>task remove</c> (not listed).
/// </summary>
internal enum TaskMode : byte { Paused, Active, Stopped, Removed }
