namespace EdgeNode.Core.Metadata;

/// <summary>
/// The node's view of the network metadata, built from the local ledger (SPEC §2): policies by id and type, and the
/// metadata layer company → dbms → table → clusters → operators that routing uses (operator, publisher, query, HA).
/// Registered by the Metadata module; every method reads the current ledger (loading it on first use).
/// </summary>
public interface IMetadata
{
    /// <summary>The policy with this id, or null.</summary>
    Policy? GetPolicy(string id);

    /// <summary>Every policy of a type, in ledger order.</summary>
    IReadOnlyList<Policy> GetPolicies(string type);

    /// <summary>The <c>table</c> policy of <paramref name="dbms"/>.<paramref name="table"/> (its <c>create</c> statement), or null.</summary>
    Policy? GetTablePolicy(string dbms, string table);

    /// <summary>True when the cluster (a root cluster id) already serves company.dbms.table (directly or through a child cluster).</summary>
    bool ClusterServes(string clusterId, string company, string dbms, string table);

    /// <summary>
    /// The operators a query sends to for dbms.table: one per cluster that hosts the table, the active main operator
    /// first (unless <paramref name="useMain"/> is false: <c>nodes = all</c>), else the next active member in round robin;
    /// operators marked not responding are used only when a cluster has no other. <paramref name="company"/> null means
    /// any company.
    /// </summary>
    IReadOnlyList<OperatorTarget> GetQueryTargets(string dbms, string table, string? company = null, bool useMain = true);

    /// <summary>The one operator the next data file of dbms.table goes to (publisher): round robin over the clusters, then as above within the cluster. Null when no cluster hosts the table.</summary>
    OperatorTarget? GetNextDataTarget(string dbms, string table, string? company = null);

    /// <summary>
    /// The company that owns <paramref name="dbms"/>: the company of the clusters serving its tables (EdgeLake's dbms → company
    /// map, which a publisher routes with); null when no cluster serves a table of it.
    /// </summary>
    string? GetDbmsCompany(string dbms);

    /// <summary>Every operator of a root cluster (HA: the peers a distributor sends to).</summary>
    IReadOnlyList<OperatorTarget> GetClusterMembers(string clusterId);

    /// <summary>Marks an operator <c>active</c> or <c>not_responding</c> (updated on every send).</summary>
    void SetOperatorStatus(string ipPort, OperatorStatus status);

    OperatorStatus GetOperatorStatus(string ipPort);

    /// <summary>The operator this node runs (set by <c>run operator</c>, cleared when it stops); null when it runs none.</summary>
    NodeOperator? NodeOperator { get; set; }

    /// <summary>md5 of the ledger file bytes (<c>get metadata version</c>); empty when there is no ledger file.</summary>
    string Version { get; }

    /// <summary>Raised after every change of the ledger (insert, delete, reload, replaced by a sync). Handlers must be quick.</summary>
    event EventHandler? Changed;
}
