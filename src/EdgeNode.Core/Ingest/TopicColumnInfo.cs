namespace EdgeNode.Core.Ingest;

/// <summary>A compiled column as <c>get msg clients</c> lists it: normalised name, type, mapping function (<c>['[value]']</c>), optional.</summary>
public sealed record TopicColumnInfo(string Name, string Type, string MappingFunction, bool Optional);
