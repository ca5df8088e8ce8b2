namespace EdgeNode.Ingest.Operator;

/// <summary>A row of a file does not fit the table as it is (a new attribute, a wider value): the load stops and the table adapts.</summary>
internal sealed class SchemaDriftException(string message) : Exception(message);
