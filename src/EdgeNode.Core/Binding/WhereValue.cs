namespace EdgeNode.Core.Binding;

/// <summary>A raw value of a where clause as the user wrote it. <see cref="Quoted"/> values are literals.</summary>
public readonly record struct WhereValue(string Text, bool Quoted, int Position);
