namespace EdgeNode.TestSupport.Client;

/// <summary>The REST servers of a client-query network (EdgeLake's or EdgeNode's) that <see cref="ClientQuery"/> commands go to.</summary>
public sealed record ClientEndpoints(RestEndpoint Query, RestEndpoint Master, RestEndpoint Operator)
{
    public RestEndpoint Of(ClientNode node) => node switch
    {
        ClientNode.Master => Master,
        ClientNode.Operator => Operator,
        _ => Query,
    };
}
