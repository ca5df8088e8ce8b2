namespace EdgeNode.TestSupport;

/// <summary>
/// The commands an HA member's start script runs, in two parts around the wait for its ledger to hold its operator
/// policy (synced from a master, or inserted locally): the same for an in-process node and for a node process.
/// </summary>
public static class HaMemberScript
{
    public static string TcpServer(int port) => $"run tcp server where internal_ip = 127.0.0.1 and internal_port = {port} and bind = true";

    /// <summary>The work directories, the TCP server and, with a <paramref name="master"/>, the ledger sync from it every second.</summary>
    public static IEnumerable<string> BeforeLedger(int port, string? master)
    {
        yield return "create work directories";
        yield return TcpServer(port);
        if (master is not null) yield return $"run blockchain sync where source = master and time = 1 second and dest = file and connection = {master}";
    }

    /// <summary>Asks the ledger for the member's operator policy (an empty answer until the ledger holds it).</summary>
    public static string OperatorId(string name) => $"blockchain get operator where name = {name} bring [operator][id]";

    /// <summary>
    /// The databases, a REST server for PUTs (when <paramref name="restPort"/> is not 0), the operator with
    /// <c>distributor = true</c>, the distributor and (with <paramref name="consumer"/>) the consumer, a pass every second.
    /// <paramref name="edgeLakeOrder"/>: the order of EdgeLake's deployment scripts instead (distributor and consumer
    /// first, then the operator without the option).
    /// </summary>
    public static IEnumerable<string> AfterLedger(string name, int restPort, bool consumer, bool edgeLakeOrder = false)
    {
        yield return $"operator_id = {OperatorId(name)}";
        yield return "connect dbms almgm where type = sqlite";
        yield return "create table tsd_info where dbms = almgm";
        yield return $"connect dbms {HaPolicies.Dbms} where type = sqlite";
        if (restPort != 0) yield return $"run rest server where internal_ip = 127.0.0.1 and internal_port = {restPort} and bind = true";
        const string Operator = "run operator where policy = !operator_id and create_table = true and update_tsd_info = true and archive_json = true";
        if (!edgeLakeOrder) yield return Operator + " and distributor = true";
        yield return "run data distributor";
        if (consumer) yield return "run data consumer where start_date = -1d and time = 1 second";
        if (edgeLakeOrder) yield return Operator;
    }
}
