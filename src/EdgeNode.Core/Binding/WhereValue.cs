namespace EdgeNode.Core.Binding;

/// <summary>
/// A raw value of a where clause as the user wrote it. <see cref="Quoted"/> values are literals. <see cref="Position"/>
/// is where the value starts in the line, <see cref="KeyPosition"/> where its key does (-1 when not parsed from a line).
/// </summary>
public readonly record struct WhereValue(string Text, bool Quoted, int Position, int KeyPosition = -1);
