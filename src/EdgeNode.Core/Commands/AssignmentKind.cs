namespace EdgeNode.Core.Commands;

/// <summary>
/// How the caller stores a command's result: not at all, <c>x = cmd</c> (the value), <c>x[] = cmd</c> (a JSON list) or
/// <c>x{} = cmd</c> (a JSON object). Commands that collect several answers (<c>run client</c>) shape
/// <see cref="CommandResult.Value"/> accordingly.
/// </summary>
public enum AssignmentKind : byte { None, Value, List, Object }
