namespace EdgeNode.Core.Commands;

/// <summary>Where a command came from. Some commands behave differently (e.g. only the CLI has a sticky destination).</summary>
public enum CommandSource : byte { Cli, Script, Rest, Peer, Scheduler, Internal }
