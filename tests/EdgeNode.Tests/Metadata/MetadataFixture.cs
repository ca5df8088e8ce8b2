using System.Text.Json.Nodes;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Output;

namespace EdgeNode.Tests.Metadata;

/// <summary>Helpers for tests that drive a real node's metadata commands.</summary>
internal static class MetadataFixture
{
    public const string ClusterPolicy = OperatorNode.ClusterPolicy;
    public const string ClusterId = OperatorNode.ClusterId;
    public const string Operator = OperatorNode.OperatorPolicy;
    public const string OperatorId = OperatorNode.OperatorId;

    /// <summary>Inserts a policy held in a variable, as deployment scripts do, and returns the result.</summary>
    public static Task<CommandResult> InsertAsync(TestNode node, string policy, string extra = "")
    {
        node.Node.Dictionary.Set("new_policy", policy);
        return node.RunAsync("blockchain insert where policy = !new_policy and local = true" + extra);
    }

    public static async Task InsertOkAsync(TestNode node, string policy)
    {
        var result = await InsertAsync(node, policy);
        Assert.False(result.IsError, result.ErrorLine);
    }

    /// <summary>Writes the policies of an EdgeLake reference output (a JSON list) as this node's ledger file.</summary>
    public static void WriteLedgerFromReference(TestNode node, string referenceName)
    {
        var list = JsonNode.Parse(File.ReadAllText(ReferenceOutputs.File(referenceName)))!.AsArray();
        var path = node.Var("blockchain_file")!;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllLines(path, list.Select(p => PyJson.Serialize(p)));
    }

    /// <summary>Text tables and help end lines with CRLF, as EdgeLake's do: expected texts are written with \n and converted.</summary>
    public static string Crlf(string text) => text.Replace("\n", "\r\n", StringComparison.Ordinal);
}
