namespace EdgeNode.Core.Scripts;

/// <summary>A command line of a script with the 1-based line number where it starts in the file.</summary>
public readonly record struct ScriptLine(int Number, string Text);
