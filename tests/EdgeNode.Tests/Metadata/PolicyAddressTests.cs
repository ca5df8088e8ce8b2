using System.Text.Json.Nodes;
using EdgeNode.Core.Metadata;

namespace EdgeNode.Tests.Metadata;

/// <summary>
/// The one rule by which a node reaches another node's policy (<c>bring.ip_port</c>, query targets, <c>test network</c>,
/// the sync's master): its local ip behind a shared public ip, else its ip. Checked without a connection, so that a broken
/// rule can never make a test dial an address other than 127.0.0.1.
/// </summary>
public sealed class PolicyAddressTests
{
    private static Policy Node(string attributes) => new(JsonNode.Parse($"{{\"operator\": {{{attributes}}}}}")!.AsObject());

    [Theory]
    [InlineData("\"ip\": \"203.0.113.5\", \"local_ip\": \"10.0.0.2\", \"port\": 32148", "203.0.113.5", "10.0.0.2:32148")] // behind my public ip
    [InlineData("\"ip\": \"203.0.113.5\", \"local_ip\": \"10.0.0.2\", \"port\": 32148", "198.51.100.7", "203.0.113.5:32148")] // elsewhere
    [InlineData("\"local_ip\": \"10.0.0.2\", \"port\": 32148", "198.51.100.7", "10.0.0.2:32148")] // no public ip
    [InlineData("\"ip\": \"203.0.113.5\", \"port\": 32148", "203.0.113.5", "203.0.113.5:32148")] // no local ip to prefer
    public void A_node_is_reached_on_its_local_ip_only_behind_the_same_public_ip(string attributes, string myExternalIp, string expected) =>
        Assert.Equal(expected, Node(attributes).AddressFrom(myExternalIp)?.ToString());

    [Theory]
    [InlineData("\"ip\": \"203.0.113.5\"")]
    [InlineData("\"port\": 32148")]
    [InlineData("\"ip\": \"203.0.113.5\", \"port\": \"not a port\"")]
    public void A_policy_without_an_ip_and_a_port_has_no_address(string attributes) =>
        Assert.Null(Node(attributes).AddressFrom("198.51.100.7"));
}
