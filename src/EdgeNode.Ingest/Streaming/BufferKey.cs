namespace EdgeNode.Ingest.Streaming;

/// <summary>Streaming buffers are kept per <c>dbms.table.source.instructions</c> (SPEC §7).</summary>
public readonly record struct BufferKey(string Dbms, string Table, string Source, string Instructions)
{
    public string Table2 => $"{Dbms}.{Table}";

    public override string ToString() => $"{Dbms}.{Table}.{Source}.{Instructions}";
}
