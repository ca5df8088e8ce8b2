namespace EdgeNode.Cluster.Sync;

/// <summary>
/// What this node knows of one TSD table of its cluster (EdgeLake's <c>member_status_</c> entry): the range a member
/// reported (<c>event recent_tsd_info</c>), this node's validated ("safe") id - every file id up to it is here - and the
/// safe id each other member reported for the table. Counters say what the consumer did for it. Guarded by its own lock.
/// </summary>
internal sealed class TableSync(string table)
{
    public string Table { get; } = table;

    public object Gate { get; } = new();

    /// <summary>A member reported the table to this node's consumer (it is one the consumer keeps complete).</summary>
    public bool Tracked { get; set; }

    /// <summary>The last file at or before the start date on the member that reported first: the validated id starts there.</summary>
    public long BaseId { get; set; }

    public long ValidatedId { get; set; }

    /// <summary>
    /// The highest last id the members reported to the consumer's first pass since this node started: files up to it are
    /// what the cluster held before this node compared, its backlog (<see cref="MemberCatchUp"/>).
    /// </summary>
    public long BacklogId { get; set; }

    public string ValidatedDate { get; set; } = "0";

    /// <summary>The member the consumer asks for the table's files (the one with the highest last id), and its range.</summary>
    public string Source { get; set; } = "";

    public long SourceFirstId { get; set; }
    public string SourceFirstDate { get; set; } = "0";
    public long SourceLastId { get; set; }
    public string SourceLastDate { get; set; } = "0";
    public DateTime? MessageTime { get; set; }

    /// <summary>The safe id of the table on each other member (by member id).</summary>
    public Dictionary<string, long> PeerSafeIds { get; } = new(StringComparer.Ordinal);

    /// <summary>Ids the source does not list in its TSD table or could not load: not files, nothing to ask for again.</summary>
    public HashSet<long> Absent { get; } = [];

    public long Requested { get; set; }
    public long Delivered { get; set; }
    public long MissingArchived { get; set; }
    public long Gaps { get; set; }
    public string LastError { get; set; } = "";
}
