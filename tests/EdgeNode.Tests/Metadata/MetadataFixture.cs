using System.Text.Json.Nodes;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Output;

namespace EdgeNode.Tests.Metadata;

/// <summary>Helpers for tests that drive a real node's metadata commands.</summary>
internal static class MetadataFixture
{
    public const string Cluster = "{\"cluster\": {\"company\": \"Baseline Co\", \"name\": \"baseline-cluster\", \"status\": \"active\"}}";
    public const string ClusterId = "0308c4344e75f77092d7b396812545e4";

    public const string Operator =
        "{\"operator\": {\"name\": \"el-baseline\", \"company\": \"Baseline Co\", \"hostname\": \"vm\", \"ip\": \"127.0.0.1\", \"port\": 32148, " +
        "\"rest_port\": 32149, \"cluster\": \"0308c4344e75f77092d7b396812545e4\", \"main\": true, \"loc\": \"0.0, 0.0\", \"country\": \"Unknown\", " +
        "\"state\": \"Unknown\", \"city\": \"Unknown\"}}";
    public const string OperatorId = "ac0e98e456ee941767c00dbc9addf474";

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
        var list = JsonNode.Parse(File.ReadAllText(Reference.File(referenceName)))!.AsArray();
        var path = node.Var("blockchain_file")!;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllLines(path, list.Select(p => PyJson.Serialize(p)));
    }

    /// <summary>Text tables and help end lines with CRLF, as EdgeLake's do: expected texts are written with \n and converted.</summary>
    public static string Crlf(string text) => text.Replace("\n", "\r\n", StringComparison.Ordinal);
}
