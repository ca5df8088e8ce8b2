using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Metadata;
using EdgeNode.Core.Storage;
using EdgeNode.Ingest.Operator;

namespace EdgeNode.Tests.Ingest;

/// <summary>
/// Files whose name carries instructions (a mapping policy id), mapped by the engine message clients use: policy lookup,
/// declared column types, one row per reading, root columns, and the error for an unknown policy.
/// </summary>
public sealed class OperatorMappingTests
{
    private const string Mapping =
        "{\"mapping\": {\"id\": \"readings-map\", \"dbms\": \"test\", \"table\": \"mapped\", \"readings\": \"readings\", \"schema\": {" +
        "\"ts\": {\"type\": \"timestamp\", \"bring\": \"[ts]\"}, \"value\": {\"type\": \"float\", \"bring\": \"[value]\"}, " +
        "\"device\": {\"type\": \"varchar\", \"bring\": \"[device]\", \"root\": true}}}}";

    private static readonly string File = OperatorNode.Rows(
        "{\"device\": \"d1\", \"readings\": [{\"ts\": \"2026-11-28T02:00:00Z\", \"value\": 1}, {\"ts\": \"2026-11-28T02:00:01Z\", \"value\": 2}]}",
        "{\"device\": \"d2\", \"readings\": [{\"ts\": \"2026-11-28T02:00:02Z\", \"value\": 3}]}");

    [Fact]
    public async Task Rows_are_mapped_by_the_policy_and_the_table_has_its_declared_types()
    {
        await using var node = await OperatorNode.StartAsync(run: false);
        await node.InsertPolicyAsync(Mapping);
        await node.RunOperatorAsync("update_tsd_info = true and delete_json = true");
        node.Drop("test.mapped.0.0.readings-map.json", File);
        await node.WaitForRowsAsync("mapped", 3);
        var columns = await node.Node.OkAsync("get columns where dbms = test and table = mapped");
        Assert.Contains("value           |float", columns, StringComparison.Ordinal);
        Assert.Contains("device          |character varying", columns, StringComparison.Ordinal); // the policy's varchar, as EdgeLake shows it
        var rows = await node.QueryAsync("select device, value from mapped order by ts");
        Assert.Equal(["d1:1.0", "d1:2.0", "d2:3.0"], rows.Select(r => $"{r!["device"]}:{r["value"]}"));
    }

    [Fact]
    public async Task A_file_naming_an_unknown_policy_or_rows_the_policy_cannot_map_go_to_the_error_dir()
    {
        await using var node = await OperatorNode.StartAsync();
        await node.InsertPolicyAsync(Mapping);
        node.Drop("test.mapped.0.0.unknown-map.json", File);
        node.Drop("test.mapped.0.0.readings-map.json", OperatorNode.Rows("{\"device\": \"d3\", \"readings\": [{\"ts\": \"2026-11-28T02:00:03Z\", \"value\": \"high\"}]}"));
        var errors = await node.WaitForFilesAsync(node.ErrDir, 4);
        Assert.Contains(errors, f => Path.GetFileName(f).StartsWith($"test.mapped.0.0.unknown-map.err_{(int)ErrorCode.PolicyNotFound}.", StringComparison.Ordinal));
        Assert.Contains(errors, f => Path.GetFileName(f).StartsWith("test.mapped.0.0.readings-map.err_", StringComparison.Ordinal));
        Assert.Equal(0, await node.CountAsync("mapped"));
    }
}
