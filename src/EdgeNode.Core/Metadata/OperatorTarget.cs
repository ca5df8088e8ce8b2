namespace EdgeNode.Core.Metadata;

/// <summary>
/// An operator as routing sees it: the policy, the root cluster it belongs to, its member id, the address peers use
/// (<see cref="IpPort"/>: the local ip when the operator is behind this node's external ip, else its external ip) and status.
/// </summary>
public sealed record OperatorTarget(
    string PolicyId,
    string Name,
    string ClusterId,
    long? MemberId,
    bool IsMain,
    string IpPort,
    string ExternalIpPort,
    string? LocalIpPort,
    OperatorStatus Status);
