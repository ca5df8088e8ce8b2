namespace EdgeNode.Metadata.Policies;

/// <summary>This node's addresses (<c>!external_ip</c>, <c>!ip</c>), used for policy defaults and to pick an operator's reachable address.</summary>
internal readonly record struct NodeAddresses(string ExternalIp, string LocalIp);
