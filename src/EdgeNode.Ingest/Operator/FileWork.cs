namespace EdgeNode.Ingest.Operator;

/// <summary>The file a worker is processing and what is known of it so far (for the error report when it fails).</summary>
internal sealed class FileWork(string path, DateTime started)
{
    public string Path { get; } = path;
    public string FileName { get; } = System.IO.Path.GetFileName(path);
    public DateTime Started { get; } = started;
    public string Dbms { get; set; } = "";
    public string Table { get; set; } = "";
    public TsdRecord? Tsd { get; set; }

    public bool IsSql => FileName.EndsWith(".sql", StringComparison.OrdinalIgnoreCase) || FileName.EndsWith(".sql.gz", StringComparison.OrdinalIgnoreCase);
}
