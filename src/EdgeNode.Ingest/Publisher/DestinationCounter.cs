namespace EdgeNode.Ingest.Publisher;

/// <summary>What the publisher sent of one table to one destination (an operator, or the error dir).</summary>
internal sealed record DestinationCounter(string Dbms, string Table, string Destination)
{
    public long Files { get; set; }
    public long Rows { get; set; }
    public long Errors { get; set; }
    public string LastFile { get; set; } = "";
    public DateTime? Last { get; set; }
    public string LastError { get; set; } = "";
    public DateTime? LastErrorTime { get; set; }
}
