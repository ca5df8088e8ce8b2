namespace EdgeNode.TestSupport.Client;

/// <summary>The node of a client-query network a <see cref="ClientQuery"/> is sent to.</summary>
public enum ClientNode
{
    Query,
    Master,

    /// <summary>The operator of <c>cluster-1</c>.</summary>
    Operator,
}
