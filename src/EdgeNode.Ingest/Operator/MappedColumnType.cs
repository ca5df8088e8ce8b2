using EdgeNode.Core.Storage;

namespace EdgeNode.Ingest.Operator;

/// <summary>A column a mapping policy declares: its normalized name and type (<c>char(n)</c> with <see cref="Length"/>).</summary>
public sealed record MappedColumnType(string Name, ColumnType Type, int? Length = null);
