using System.Text;
using System.Text.Json;
using EdgeNode.Core.Ingest;
using EdgeNode.Ingest.Mapping;

namespace EdgeNode.Tests.Ingest;

public sealed class MessageMappingTests
{
    private static readonly DateTime Now = new(2026, 11, 28, 2, 5, 40, 123, DateTimeKind.Utc);

    private static MessageMapping Topic(string dbms, string table, params MessageColumn[] columns) =>
        MappingCompiler.FromTopic(new MessageTopic("t", dbms, table, 0, false, null, columns));

    /// <summary>Maps one message and returns "dbms.table" → rows (one JSON text per row).</summary>
    private static Dictionary<string, List<string>> Map(MessageMapping mapping, string message)
    {
        var rows = new MappedRows();
        using var document = JsonDocument.Parse(message);
        mapping.Map(document.RootElement, Now, rows);
        return rows.Tables.ToDictionary(t => $"{t.Dbms}.{t.Table}",
            t => Encoding.UTF8.GetString(t.Data.Span).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList());
    }

    private static string Error(MessageMapping mapping, string message) =>
        Assert.Throws<MappingException>(() => Map(mapping, message)).Message;

    [Fact]
    public void Columns_bring_nested_values_convert_them_and_normalise_names()
    {
        var mapping = Topic("Test", "Rand Data",
            new MessageColumn("Time Stamp", "timestamp", "bring [ts]"),
            new MessageColumn("value", "float", "bring [data][value]"),
            new MessageColumn("count", "int", "bring [data][count]"),
            new MessageColumn("ok", "bool", "bring [data][ok]"),
            new MessageColumn("name", "str", "bring [meta][0]"));
        var rows = Map(mapping, """{"ts": "2026-11-28T01:00:00+01:00", "data": {"value": "2.5", "count": 7.9, "ok": "TRUE"}, "meta": ["press", 2]}""");
        Assert.Equal(["""{"time_stamp":"2026-11-28T00:00:00.000000Z","value":2.5,"count":7,"ok":true,"name":"press"}"""], rows["test.rand_data"]);
    }

    [Fact]
    public void A_list_path_makes_one_row_per_element_with_constant_columns_first()
    {
        var mapping = Topic("test", "readings",
            new MessageColumn("sensor", "str", "bring [readings][][id]"),
            new MessageColumn("device", "str", "bring [device]"),
            new MessageColumn("value", "float", "bring [readings][][v]"),
            new MessageColumn("at", "timestamp", "now"),
            new MessageColumn("site", "str", "Lyon"));
        var rows = Map(mapping, """{"device": "d1", "readings": [{"id": "a", "v": 1}, {"id": "b", "v": 2.25}]}""")["test.readings"];
        Assert.Equal(
        [
            """{"device":"d1","at":"2026-11-28T02:05:40.123000Z","site":"Lyon","sensor":"a","value":1}""",
            """{"device":"d1","at":"2026-11-28T02:05:40.123000Z","site":"Lyon","sensor":"b","value":2.25}""",
        ], rows);
        Assert.Empty(Map(mapping, """{"device": "d1", "readings": []}"""));
        Assert.Equal("[readings] is not a list", Error(mapping, """{"device": "d1", "readings": 5}"""));
    }

    [Fact]
    public void Dbms_and_table_can_come_from_the_message_and_pieces_are_concatenated()
    {
        var mapping = Topic("bring [company]", "bring [machine] _ [serial]", new MessageColumn("v", "int", "bring [v]"));
        var rows = Map(mapping, """{"company": "Acme Inc", "machine": "Press", "serial": 17, "v": 1}""");
        Assert.Equal(["""{"v":1}"""], rows["acme_inc.press_17"]);
        Assert.Equal("dbms: [company] is not in the message", Error(mapping, """{"machine": "Press", "serial": 17, "v": 1}"""));
    }

    [Fact]
    public void Rows_of_one_message_can_go_to_several_tables()
    {
        var mapping = Topic("d", "bring [rows][][kind]", new MessageColumn("v", "int", "bring [rows][][v]"));
        var rows = Map(mapping, """{"rows": [{"kind": "temp", "v": 1}, {"kind": "power", "v": 2}, {"kind": "temp", "v": 3}]}""");
        Assert.Equal(["""{"v":1}""", """{"v":3}"""], rows["d.temp"]);
        Assert.Equal(["""{"v":2}"""], rows["d.power"]);
    }

    [Fact]
    public void Optional_columns_are_left_out_and_missing_required_ones_fail()
    {
        var mapping = Topic("d", "t",
            new MessageColumn("v", "int", "bring [v]"),
            new MessageColumn("unit", "str", "bring [unit]", Optional: true));
        Assert.Equal(["""{"v":1}"""], Map(mapping, """{"v": 1, "unit": null}""")["d.t"]);
        Assert.Equal("column 'v': [v] is not in the message", Error(mapping, """{"unit": "C"}"""));
        Assert.Equal("column 'v': 'abc' is not an integer", Error(mapping, """{"v": "abc"}"""));
        Assert.Equal("the message is not a JSON object but a number", Error(mapping, "42"));
    }

    [Fact]
    public void A_type_brought_from_the_message_is_applied_per_row()
    {
        var mapping = Topic("d", "t", new MessageColumn("v", "bring [kind]", "bring [value]"));
        Assert.Equal(["""{"v":3}"""], Map(mapping, """{"kind": "int", "value": "3"}""")["d.t"]);
        Assert.Equal(["""{"v":"3"}"""], Map(mapping, """{"kind": "str", "value": 3}""")["d.t"]);
        Assert.Equal("column 'v': unknown type 'money' (expected str, int, float, bool or timestamp)",
            Error(mapping, """{"kind": "money", "value": 3}"""));
    }

    [Fact]
    public void A_list_message_maps_each_element_and_without_columns_the_message_is_the_row()
    {
        var mapping = Topic("d", "t");
        Assert.Equal(["""{"a":1,"b":"x"}""", """{"a":2}"""], Map(mapping, """[{"a": 1, "b": "x"}, {"a": 2}]""")["d.t"]);
    }

    [Fact]
    public void Epoch_seconds_and_dates_without_offset_become_utc_timestamps()
    {
        var mapping = Topic("d", "t", new MessageColumn("ts", "timestamp", "bring [ts]"));
        Assert.Equal(["""{"ts":"2026-11-28T02:05:40.500000Z"}"""], Map(mapping, """{"ts": 1795831540.5}""")["d.t"]);
        var local = DateTime.SpecifyKind(new DateTime(2026, 11, 28, 2, 0, 0), DateTimeKind.Local).ToUniversalTime();
        Assert.Equal([$$"""{"ts":"{{local:yyyy-MM-dd'T'HH:mm:ss}}.000000Z"}"""], Map(mapping, """{"ts": "2026-11-28 02:00:00"}""")["d.t"]);
        Assert.Equal("column 'ts': 'yesterday' is not a timestamp", Error(mapping, """{"ts": "yesterday"}"""));
    }

    [Fact]
    public void Definitions_that_cannot_work_are_rejected_when_compiled()
    {
        Assert.Contains("is not closed", Assert.Throws<MappingException>(() => Topic("d", "t", new MessageColumn("v", "int", "bring [a"))).Message);
        Assert.Contains("declared more than once", Assert.Throws<MappingException>(() =>
            Topic("d", "t", new MessageColumn("V", "int", "bring [a]"), new MessageColumn("v", "int", "bring [b]"))).Message);
        Assert.Contains("iterate different lists", Assert.Throws<MappingException>(() =>
            Topic("d", "t", new MessageColumn("a", "int", "bring [x][][a]"), new MessageColumn("b", "int", "bring [y][][b]"))).Message);
        Assert.Contains("'dbms' is missing", Assert.Throws<MappingException>(() =>
            MappingCompiler.FromTopic(new MessageTopic("t", null, "t", 0, false, null, []))).Message);
    }

    [Fact]
    public void Mapping_policy_reads_columns_inside_each_reading_and_root_columns_on_the_message()
    {
        using var policy = JsonDocument.Parse("""
            {"mapping": {"id": "m1", "dbms": "test", "table": "[table]", "readings": "values",
             "schema": {
               "timestamp": {"type": "timestamp", "default": "now()"},
               "device": {"type": "string", "bring": "[device]", "root": true},
               "value": {"type": "float", "bring": "[v]"},
               "unit": {"type": "string", "bring": "[unit]", "default": "C"}
             }}}
            """);
        var mapping = MappingCompiler.FromPolicy(policy.RootElement);
        var rows = Map(mapping, """{"table": "temps", "device": "d1", "values": [{"v": 1.5}, {"v": 2, "unit": "F"}]}""");
        Assert.Equal(
        [
            """{"timestamp":"2026-11-28T02:05:40.123000Z","device":"d1","value":1.5,"unit":"C"}""",
            """{"timestamp":"2026-11-28T02:05:40.123000Z","device":"d1","value":2,"unit":"F"}""",
        ], rows["test.temps"]);
    }

    [Fact]
    public void A_list_of_many_objects_maps_to_one_row_per_element_in_order()
    {
        // every element is read once: indexing a JsonDocument list of objects walks it from the start
        var mapping = Topic("d", "t", new MessageColumn("site", "str", "bring [site]"), new MessageColumn("n", "int", "bring [r][][n]"));
        var message = "{\"site\": \"lyon\", \"r\": [" + string.Join(",", Enumerable.Range(0, 200_000).Select(i => $"{{\"n\": {i}}}")) + "]}";
        var rows = Map(mapping, message)["d.t"];
        Assert.Equal(200_000, rows.Count);
        Assert.Equal("{\"site\":\"lyon\",\"n\":0}", rows[0]);
        Assert.Equal("{\"site\":\"lyon\",\"n\":199999}", rows[^1]);
        Assert.Empty(Map(mapping, "{\"site\": \"lyon\", \"r\": []}"));
    }

    [Fact]
    public void Get_msg_clients_describes_bring_values_as_edgelake_lists()
    {
        var mapping = Topic("d", "bring [a] _ [b]", new MessageColumn("v", "float", "bring [value]"));
        Assert.Equal("['[value]']", mapping.Columns[0].Value.Describe());
        Assert.Equal("['[a]', '_', '[b]']", mapping.Table.Describe());
    }
}
