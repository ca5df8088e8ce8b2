namespace EdgeNode.Metadata.Policies;

/// <summary>The policy types that describe a node, with their default TCP and REST ports (SPEC §2).</summary>
internal static class NodeTypes
{
    public static bool IsNode(string type) => type is "master" or "operator" or "publisher" or "query";

    public static (int TcpPort, int RestPort) DefaultPorts(string type) => type switch
    {
        "master" => (32048, 32049),
        "operator" => (32148, 32149),
        "publisher" => (32248, 32249),
        _ => (32348, 32349),
    };

    /// <summary>Attribute order of node policies made by <c>create policy</c>, as EdgeLake's deployment scripts produce them.</summary>
    public static readonly string[] AttributeOrder =
        ["name", "company", "hostname", "ip", "local_ip", "port", "rest_port", "broker_port", "cluster", "main", "loc", "country", "state", "city"];

    /// <summary>Attributes whose values are integers in a policy.</summary>
    public static bool IsIntegerAttribute(string name) => name is "port" or "rest_port" or "broker_port" or "member";

    /// <summary>Attributes whose values are booleans in a policy.</summary>
    public static bool IsBooleanAttribute(string name) => name is "main";
}
