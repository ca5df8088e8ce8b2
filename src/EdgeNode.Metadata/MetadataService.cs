using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using EdgeNode.Core;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Metadata;
using EdgeNode.Metadata.Layer;
using EdgeNode.Metadata.Ledger;
using EdgeNode.Metadata.Policies;

namespace EdgeNode.Metadata;

/// <summary>
/// The node's metadata: the ledger store, policy publication (local append + master forwarding with a durable
/// pending list), the routing API over the metadata layer and operator reachability. One instance per node,
/// registered as <see cref="IMetadata"/>, <see cref="IPolicyPublisher"/> and <see cref="ILedgerSync"/>.
/// </summary>
internal sealed class MetadataService : IMetadata, IPolicyPublisher, ILedgerSync
{
    private readonly Node _node;
    private readonly ConcurrentDictionary<string, OperatorStatus> _operatorStatus = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _roundRobin = new(StringComparer.Ordinal);

    public MetadataService(Node node)
    {
        _node = node;
        Store = new MetadataStore(() => FilePath, node.Log);
        Pending = new PendingQueue(() => Path.Combine(Path.GetDirectoryName(FilePath) ?? node.Paths.BlockchainDir, "blockchain.pending"));
        Store.Changed += (_, e) => Changed?.Invoke(this, e);
        _delivered = new RecentPolicyIds(() => UtcNow);
        _dropped = new RecentPolicyIds(() => UtcNow);
    }

    /// <summary>Policies this node delivered (or is delivering) to a master, and when it began.</summary>
    private readonly RecentPolicyIds _delivered;

    /// <summary>Policies this node asked a master to drop, and when.</summary>
    private readonly RecentPolicyIds _dropped;

    public MetadataStore Store { get; }

    public PendingQueue Pending { get; }

    public event EventHandler? Changed;

    public string FilePath => _node.Dictionary.Get("blockchain_file") is { Length: > 0 } file
        ? file
        : Path.Combine(_node.Paths.BlockchainDir, "blockchain.json");

    public string Version => Store.Version;

    public int PolicyCount => Store.Read(state => state.Count);

    public NodeAddresses Addresses => new(_node.ExternalIp, _node.LocalIp);

    public DateTime UtcNow => _node.Time.GetUtcNow().UtcDateTime;

    // ---- publication -------------------------------------------------------------------------------------------

    public Task<PublishResult> PublishAsync(JsonObject policy, IpPort? master, CancellationToken cancellation) =>
        InsertAsync(policy, local: true, master, cancellation);

    /// <summary><c>blockchain insert</c>: id and date, defaults, validation, local append, then the master.</summary>
    public async Task<PublishResult> InsertAsync(JsonObject json, bool local, IpPort? master, CancellationToken cancellation)
    {
        if (ToPolicy(json, out var error) is not { } policy) return PublishResult.Failure(ErrorCode.PolicyError, error);
        PolicyIds.AddIdAndDate(policy.Body, policy.Type, UtcNow);
        var addresses = Addresses;
        PolicyProblem? Check(LedgerState state)
        {
            if (local && state.Contains(policy.Id))
                return new PolicyProblem(ErrorCode.DuplicatePolicy, $"a policy with id '{policy.Id}' is already in the ledger");
            PolicyRules.Complete(policy, addresses);
            if (PolicyRules.Validate(policy, state) is { } problem) return problem;
            PolicyRules.AssignMember(policy, state);
            if (local) policy.Body["ledger"] = "local";
            return null;
        }
        // marked as on its way before it is in the ledger: a sync landing while the push is under way must not send the
        // local copy again (the master refuses a second copy with an error)
        if (master is not null) _delivered.Mark(policy.Id);
        var refused = local ? Store.Append(policy, Check) : Store.Read(Check);
        if (refused is not null && master is not null) _delivered.Forget(policy.Id);
        if (refused is not null) return PublishResult.Failure(refused.Code, refused.Message);
        if (master is not { } endpoint) return PublishResult.Success(policy);
        var global = policy.Clone();
        global.Body["ledger"] = "global";
        var sent = await SendToMasterAsync(endpoint, "blockchain push " + global.ToJson(), cancellation);
        if (!sent) _delivered.Forget(policy.Id);
        return sent
            ? PublishResult.Success(policy)
            : PublishResult.Success(policy, queued: true,
                $"policy {policy.Id} {(local ? "stored locally; " : "")}master {endpoint} not reached, queued for the next sync");
    }

    /// <summary>Sends a command to the master, first flushing older queued ones; queues it when the master is not reached.</summary>
    public async Task<bool> SendToMasterAsync(IpPort master, string command, CancellationToken cancellation)
    {
        var link = _node.Services.Find<IMasterLink>();
        if (link is not null && File.Exists(Pending.FilePath)) await PushPendingAsync(cancellation);
        if (link is not null && Pending.Count == 0)
        {
            var reply = await TrySendAsync(link, master, command, cancellation);
            if (reply.Ok) return true;
            _node.Log.Error($"Master {master} did not take '{Shorten(command)}': {reply.Text}; queued for the next sync");
        }
        Pending.Add(master, command, UtcNow);
        return false;
    }

    public int PendingCount => Pending.Count;

    public DateTime? DeliveredAt(string policyId) => _delivered.Since(policyId);

    public DateTime? DroppedAt(string policyId) => _dropped.Since(policyId);

    /// <summary><c>blockchain delete policy</c> with a master: deletes the local copy and sends (or queues) the drop.</summary>
    public async Task<(bool Deleted, bool Sent)> DeleteAsync(string id, bool local, IpPort? master, CancellationToken cancellation)
    {
        if (master is not null) _dropped.Mark(id);
        var deleted = local && Store.MarkDeleted(id);
        var sent = master is not { } endpoint || await SendToMasterAsync(endpoint, $"blockchain drop policy where id = {id}", cancellation);
        return (deleted, sent);
    }

    public async Task<int> PushPendingAsync(CancellationToken cancellation)
    {
        if (_node.Services.Find<IMasterLink>() is not { } link) return 0;
        var sent = new List<PendingCommand>();
        foreach (var entry in Pending.Entries())
        {
            var reply = await TrySendAsync(link, entry.Master, entry.Command, cancellation);
            if (!reply.Ok) break; // keep the order: the rest waits for the next sync
            sent.Add(entry);
        }
        Pending.Remove(sent);
        return sent.Count;
    }

    private static async Task<MasterReply> TrySendAsync(IMasterLink link, IpPort master, string command, CancellationToken cancellation)
    {
        try
        {
            return await link.SendAsync(master, command, cancellation);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellation.IsCancellationRequested)
        {
            return MasterReply.Failure(e.Message);
        }
    }

    private static string Shorten(string command) => command.Length <= 80 ? command : command[..77] + "...";

    /// <summary>A policy copy from JSON, or null with the reason (one root key whose value is an object).</summary>
    public static Policy? ToPolicy(JsonObject json, out string error)
    {
        error = "";
        if (json.Count != 1)
        {
            error = $"a policy has exactly one root key (its type), this one has {json.Count}";
            return null;
        }
        if (json.First().Value is not JsonObject)
        {
            error = $"the value of the policy type '{json.First().Key}' must be a JSON object";
            return null;
        }
        return new Policy((JsonObject)json.DeepClone());
    }

    // ---- ledger sync --------------------------------------------------------------------------------------------

    public Task<LedgerReplaceResult> ReplaceAsync(string receivedFile, Func<string, bool>? withheld, CancellationToken cancellation) =>
        Task.FromResult(Store.ReplaceFile(receivedFile, withheld));

    public Task ReloadAsync(CancellationToken cancellation)
    {
        Store.Reload();
        return Task.CompletedTask;
    }

    // ---- metadata API -------------------------------------------------------------------------------------------

    public Policy? GetPolicy(string id) => Store.Read(state => state.Find(id));

    public IReadOnlyList<Policy> GetPolicies(string type) => Store.Read(state => state.OfType(type).ToList());

    public Policy? GetTablePolicy(string dbms, string table) => Store.Layer.TablePolicy(dbms, table);

    public bool ClusterServes(string clusterId, string company, string dbms, string table)
    {
        var layer = Store.Layer;
        var cluster = layer.Cluster(clusterId) ?? RootOf(clusterId, layer);
        return cluster is not null && cluster.Serves(new TableKey(company, dbms, table));
    }

    public IReadOnlyList<OperatorTarget> GetQueryTargets(string dbms, string table, string? company = null, bool useMain = true)
    {
        var result = new List<OperatorTarget>();
        foreach (var cluster in Store.Layer.ClustersFor(dbms, table, company))
            if (Pick(cluster, useMain) is { } target) result.Add(target);
        return result;
    }

    public OperatorTarget? GetNextDataTarget(string dbms, string table, string? company = null)
    {
        var clusters = Store.Layer.ClustersFor(dbms, table, company).Where(c => c.Operators.Count > 0).ToList();
        if (clusters.Count == 0) return null;
        var cluster = clusters[Next($"table:{company}.{dbms}.{table}", clusters.Count)];
        return Pick(cluster);
    }

    public string? GetDbmsCompany(string dbms) => Store.Layer.CompanyOf(dbms);

    public IReadOnlyList<OperatorTarget> GetClusterMembers(string clusterId)
    {
        var layer = Store.Layer;
        var cluster = layer.Cluster(clusterId) ?? RootOf(clusterId, layer);
        return cluster is null ? [] : cluster.Operators.Select(o => Target(cluster, o)).ToList();
    }

    public NodeOperator? NodeOperator { get; set; }

    public void SetOperatorStatus(string ipPort, OperatorStatus status) => _operatorStatus[ipPort] = status;

    public OperatorStatus GetOperatorStatus(string ipPort) => _operatorStatus.GetValueOrDefault(ipPort, OperatorStatus.Active);

    public OperatorStatus StatusOf(OperatorEntry entry) =>
        GetOperatorStatus(entry.ExternalIpPort) == OperatorStatus.NotResponding
        || (entry.LocalIpPort is { } local && GetOperatorStatus(local) == OperatorStatus.NotResponding)
            ? OperatorStatus.NotResponding
            : OperatorStatus.Active;

    /// <summary>
    /// The operator to use in a cluster: the active main one (when <paramref name="useMain"/>), else the next active member
    /// (round robin), else any member.
    /// </summary>
    private OperatorTarget? Pick(ClusterEntry cluster, bool useMain = true)
    {
        if (cluster.Operators.Count == 0) return null;
        var active = cluster.Operators.Where(o => StatusOf(o) == OperatorStatus.Active).ToList();
        if (useMain && active.Find(o => o.IsMain) is { } main) return Target(cluster, main);
        var pool = active.Count > 0 ? active : cluster.Operators;
        return Target(cluster, pool[Next("cluster:" + cluster.Id, pool.Count)]);
    }

    private OperatorTarget Target(ClusterEntry cluster, OperatorEntry entry) =>
        new(entry.Policy.Id, entry.Name, cluster.Id, entry.MemberId, entry.IsMain, entry.AddressFrom(_node.ExternalIp),
            entry.ExternalIpPort, entry.LocalIpPort, StatusOf(entry));

    private int Next(string key, int count) => (int)((uint)_roundRobin.AddOrUpdate(key, 0, (_, n) => n + 1) % (uint)count);

    private ClusterEntry? RootOf(string clusterId, MetadataLayer layer) =>
        GetPolicy(clusterId) is { Type: "cluster" } child && child.Text("parent") is { } parent ? layer.Cluster(parent) : null;
}
