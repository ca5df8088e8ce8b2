namespace EdgeNode.Core.Ingest;

/// <summary>
/// A column of a topic block: <c>column.&lt;name&gt;.&lt;type&gt; = "bring [path]" | now | literal</c>, or
/// <c>column.&lt;name&gt; = (type = &lt;type | "bring [path]"&gt; and value = ... and optional = true)</c>. Text as written.
/// </summary>
public sealed record MessageColumn(string Name, string Type, string Value, bool Optional = false);
