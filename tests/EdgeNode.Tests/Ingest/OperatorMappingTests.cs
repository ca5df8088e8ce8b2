using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Metadata;
using EdgeNode.Core.Storage;
using EdgeNode.Ingest.Operator;

namespace EdgeNode.Tests.Ingest;

/// <summary>
/// Files whose name carries instructions (a mapping policy id). The mapping engine itself belongs to the message client
/// (src/EdgeNode.Ingest/Mapping, another branch); here a minimal engine that reads <c>[key]</c> paths of a policy's
/// <c>readings</c> elements stands in for it, to check the operator's side: policy lookup, declared column types,
/// rows of every reading, and the error when no engine is available.
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
        node.Node.Node.Services.Add<IMappingPolicyEngine>(new ReadingsEngine());
        await node.InsertPolicyAsync(Mapping);
        await node.RunOperatorAsync("update_tsd_info = true and delete_json = true");
        node.Drop("test.mapped.0.0.readings-map.json", File);
        await node.WaitForRowsAsync("mapped", 3);
        var columns = await node.Node.OkAsync("get columns where dbms = test and table = mapped");
        Assert.Contains("value           |float", columns, StringComparison.Ordinal);
        Assert.Contains("device          |varchar", columns, StringComparison.Ordinal);
        var rows = await node.QueryAsync("select device, value from mapped order by ts");
        Assert.Equal(["d1:1.0", "d1:2.0", "d2:3.0"], rows.Select(r => $"{r!["device"]}:{r["value"]}"));
    }

    [Fact]
    public async Task Without_a_mapping_engine_or_policy_the_file_goes_to_the_error_dir()
    {
        await using var node = await OperatorNode.StartAsync();
        await node.InsertPolicyAsync(Mapping);
        node.Drop("test.mapped.0.0.readings-map.json", File);
        node.Drop("test.mapped.0.0.unknown-map.json", File);
        var errors = await node.WaitForFilesAsync(node.ErrDir, 4);
        Assert.Contains(errors, f => Path.GetFileName(f).StartsWith($"test.mapped.0.0.readings-map.err_{(int)ErrorCode.NotSupported}.", StringComparison.Ordinal));
        Assert.Contains(errors, f => Path.GetFileName(f).StartsWith($"test.mapped.0.0.unknown-map.err_{(int)ErrorCode.PolicyNotFound}.", StringComparison.Ordinal));
        Assert.Equal(0, await node.CountAsync("mapped"));
    }

    /// <summary>Reads <c>readings</c> elements with single-key <c>[key]</c> paths (root columns from the row): a stand-in for the real engine.</summary>
    private sealed class ReadingsEngine : IMappingPolicyEngine
    {
        public IRowMapping Compile(Policy mappingPolicy) => new ReadingsMapping(mappingPolicy.Body);
    }

    private sealed class ReadingsMapping(JsonObject body) : IRowMapping
    {
        private readonly List<(string Name, string Key, bool Root)> _paths = body["schema"]!.AsObject()
            .Select(c => (c.Key, c.Value!["bring"]!.GetValue<string>().Trim('[', ']'), c.Value["root"]?.GetValue<bool>() ?? false)).ToList();

        public IReadOnlyList<MappedColumnType> Columns { get; } = body["schema"]!.AsObject()
            .Select(c => new MappedColumnType(c.Key, ColumnTypes.Parse(c.Value!["type"]!.GetValue<string>()).Type)).ToList();

        public void Map(JsonElement row, DateTime now, MappedFileRows output)
        {
            foreach (var reading in row.GetProperty(body["readings"]!.GetValue<string>()).EnumerateArray())
            {
                var mapped = new JsonObject();
                foreach (var (name, key, root) in _paths) mapped[name] = JsonNode.Parse((root ? row : reading).GetProperty(key).GetRawText());
                output.Add(body["dbms"]!.GetValue<string>(), body["table"]!.GetValue<string>(), JsonSerializer.SerializeToUtf8Bytes(mapped));
            }
        }
    }
}
