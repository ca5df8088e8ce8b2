namespace EdgeNode.Core.Output;

/// <summary>The <c>format = </c> of a <c>sql</c> command (SPEC §12).</summary>
public enum QueryOutputFormat : byte
{
    /// <summary><c>{"Query":[{..},..]}</c>, followed by <c>"Statistics"</c> with <c>stat = true</c>.</summary>
    Json,
    /// <summary>Padded text columns, then the statistics block.</summary>
    Table,
    /// <summary><c>[{..},..]</c>.</summary>
    JsonList,
    /// <summary>One JSON object per line.</summary>
    JsonOutput,
}
