namespace EdgeNode.Core.Scripts;

/// <summary>What <c>on error ...</c> asked the script to do when a command fails.</summary>
public enum ErrorAction : byte { Continue, Goto, Call, EndScript, Ignore }

public readonly record struct ErrorHandling(ErrorAction Action, string? Label = null);
