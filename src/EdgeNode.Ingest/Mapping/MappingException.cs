namespace EdgeNode.Ingest.Mapping;

/// <summary>A message (or a mapping definition) that cannot be mapped to rows; the message says why, for the user.</summary>
public sealed class MappingException(string message) : Exception(message);
