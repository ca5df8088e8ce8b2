using EdgeNode.Core.Ingest;
using System.Text.Json;
using EdgeNode.Ingest.Json;

namespace EdgeNode.Tests.Ingest;

public sealed class SchemaInferenceTests
{
    private static ColumnType? TypeOf(string name, string json)
    {
        using var document = JsonDocument.Parse(json);
        return ColumnTypeInference.Infer(name, document.RootElement);
    }

    [Theory]
    [InlineData("Temperature", "temperature")]
    [InlineData("device name", "device_name")]
    [InlineData("a-b.c/d\\e:f", "a_b_c_d_e_f")]
    [InlineData("price$", "price0x24")]
    [InlineData("12345", "_12345")]
    [InlineData("caf\u00e9", "caf0xc30xa9")]
    [InlineData(" padded ", "padded")]
    [InlineData("\u6e29\u5ea6", "0xe60xb80xa90xe50xba0xa6")]
    [InlineData("a\ud83d\ude00", "a0xf00x9f0x980x80")]
    [InlineData("tab\tbed", "tab0x09bed")]
    [InlineData("already_ok_1", "already_ok_1")]
    public void Attribute_names_normalize(string name, string column) => Assert.Equal(column, ColumnNames.Normalize(name));

    [Theory]
    [InlineData("flag", "true", "boolean")]
    [InlineData("count", "42", "int")]
    [InlineData("count", "-99999999", "int")]
    [InlineData("count", "100000000", "bigint")]
    [InlineData("value", "1.5", "decimal")]
    [InlineData("value", "3.25", "decimal")]
    [InlineData("value", "1.12345", "decimal")]
    [InlineData("value", "1.123456", "float")]
    [InlineData("value", "2.4166666666666665", "float")]
    [InlineData("value", "1e-7", "decimal")]
    [InlineData("value", "1e20", "decimal")]
    [InlineData("value", "1.2345e-10", "float")]
    [InlineData("value", "0.0", "float")]
    [InlineData("value", "-0.0", "float")]
    [InlineData("value", "3.0", "decimal")]
    [InlineData("timestamp", "\"2026-11-28T02:00:00.000000Z\"", "timestamp not null default now()")]
    [InlineData("ts", "\"2026-11-28 02:00:00\"", "timestamp not null default now()")]
    [InlineData("ts", "\"2026-11-28T02:00:00+02:00\"", "timestamp not null default now()")]
    [InlineData("day", "\"2026-11-28\"", "date not null default now()")]
    [InlineData("at", "\"13:45:10\"", "time not null default now()")]
    [InlineData("id", "\"1b4e28ba-2fa1-11d2-883f-0016d3cca427\"", "uuid")]
    [InlineData("addr", "\"10.0.0.1\"", "cidr")]
    [InlineData("net", "\"10.0.0.0/24\"", "varchar")]
    [InlineData("addr", "\"fe80::1\"", "cidr")]
    [InlineData("addr", "\"010.0.0.1\"", "varchar")]
    [InlineData("reading", "\"17\"", "int")]
    [InlineData("reading", "\"1234567890123\"", "bigint")]
    [InlineData("reading", "\"17.5\"", "float")]
    [InlineData("reading", "\"+5\"", "char(2)")]
    [InlineData("reading", "\"-12345678\"", "bigint")]
    [InlineData("reading", "\"00000000001\"", "bigint")]
    [InlineData("reading", "\"123456789012345678901234\"", "varchar")]
    [InlineData("reading", "\"1e5\"", "char(3)")]
    [InlineData("reading", "\"12345678901234567890.5\"", "varchar")]
    [InlineData("ts", "\"2026-01-05T10:00\"", "varchar")]
    [InlineData("ts", "\"2026-01-05T10:00:00.123456789Z\"", "timestamp not null default now()")]
    [InlineData("ts", "\"2026-01-05 10:00:00.5-05:00\"", "timestamp not null default now()")]
    [InlineData("at", "\"1:2:3\"", "time not null default now()")]
    [InlineData("at", "\"10:00:00.5\"", "time not null default now()")]
    [InlineData("text", "\"\"", "varchar")]
    [InlineData("event_time", "\"1700000000\"", "timestamp not null default now()")]
    [InlineData("event_time", "1700000000", "bigint")]
    [InlineData("event_time", "\"1700000000000\"", "bigint")]
    [InlineData("count_time", "\"12\"", "int")]
    [InlineData("code", "\"abc\"", "char(3)")]
    [InlineData("code", "\"abcdefgh\"", "char(8)")]
    [InlineData("text", "\"abcdefghi\"", "varchar")]
    [InlineData("tags", "[1, 2]", "varchar")]
    [InlineData("meta", "{\"a\": 1}", "varchar")]
    public void Values_infer_their_column_type(string name, string json, string sql) => Assert.Equal(sql, TypeOf(name, json)!.Value.Sql);

    [Fact]
    public void Null_says_nothing_and_null_only_columns_are_varchar()
    {
        Assert.Null(TypeOf("x", "null"));
        var builder = new TableSchemaBuilder();
        using var document = JsonDocument.Parse("{\"x\": null}");
        builder.Add(document.RootElement);
        Assert.Equal("varchar", builder.Columns.Single().Type.Sql);
    }

    [Theory]
    [InlineData("1", "1.5", "decimal")]
    [InlineData("1.5", "2.4166666666666665", "float")]
    [InlineData("1", "100000000", "bigint")]
    [InlineData("100000000", "1.5", "decimal")]
    [InlineData("\"ab\"", "\"abcd\"", "char(4)")]
    [InlineData("\"ab\"", "\"abcdefghijk\"", "varchar")]
    [InlineData("1", "\"x\"", "char(32)")]
    [InlineData("\"x\"", "2.5", "char(32)")]
    [InlineData("\"x\"", "\"1b4e28ba-2fa1-11d2-883f-0016d3cca427\"", "varchar")]
    [InlineData("300000000", "1.123456", "varchar")]
    [InlineData("1", "1.123456", "float")]
    [InlineData("1.123456", "\"hello world\"", "varchar")]
    [InlineData("1", "null", "int")]
    [InlineData("true", "1", "varchar")]
    public void Conflicting_rows_resolve_as_edgelake_resolves_them_unless_a_value_would_be_lost(string first, string second, string sql)
    {
        var builder = new TableSchemaBuilder();
        foreach (var json in new[] { first, second })
        {
            using var document = JsonDocument.Parse($"{{\"v\": {json}}}");
            builder.Add(document.RootElement);
        }
        Assert.Equal(sql, builder.Columns.Single().Type.Sql);
    }

    [Fact]
    public void Generated_table_policy_create_matches_edgelake()
    {
        var builder = new TableSchemaBuilder();
        foreach (var line in File.ReadLines(ReferenceOutputs.File("example_archive.json")))
        {
            using var document = JsonDocument.Parse(line);
            builder.Add(document.RootElement);
        }
        // the "create" of the table policy EdgeLake published for these rows (blockchain_get_table.txt)
        const string expected = "CREATE TABLE IF NOT EXISTS rand_data(  row_id SERIAL PRIMARY KEY,  insert_timestamp TIMESTAMP NOT NULL DEFAULT NOW(),  tsd_name CHAR(3),  tsd_id INT,  timestamp timestamp not null default now(),  value decimal ); CREATE INDEX rand_data_timestamp_index ON rand_data(timestamp); CREATE INDEX rand_data_tsd_index ON rand_data(tsd_name, tsd_id); CREATE INDEX rand_data_insert_timestamp_index ON rand_data(insert_timestamp);";
        Assert.Equal(expected, TableSchemaBuilder.PolicyCreate("rand_data", builder.Columns));
    }

    [Fact]
    public void Uuid_and_sensor_id_columns_are_indexed_in_name_order()
    {
        var builder = new TableSchemaBuilder();
        using var document = JsonDocument.Parse("{\"zz\": \"1b4e28ba-2fa1-11d2-883f-0016d3cca427\", \"Sensor ID\": 7, \"reading_time\": \"2026-01-01T00:00:00Z\", \"other\": \"1b4e28ba-2fa1-11d2-883f-0016d3cca428\"}");
        builder.Add(document.RootElement);
        var ddl = TableSchemaBuilder.CreateStatements("t", builder.Columns);
        var indexes = ddl.Split('\n').Where(l => l.StartsWith("CREATE INDEX", StringComparison.Ordinal)).ToList();
        Assert.Equal(["CREATE INDEX t_reading_time_index ON t(reading_time);", "CREATE INDEX t_sensor_id_index ON t(sensor_id);",
            "CREATE INDEX t_zz_index ON t(zz);", "CREATE INDEX t_tsd_index ON t(tsd_name, tsd_id);",
            "CREATE INDEX t_insert_timestamp_index ON t(insert_timestamp);"], indexes);
    }

    [Fact]
    public void Timestamps_normalize_to_utc()
    {
        Assert.True(TimestampParser.TryParse("2026-11-28T04:00:00+02:00", out var utc));
        Assert.Equal("2026-11-28T02:00:00.000000Z", TimestampParser.Format(utc));
        Assert.True(TimestampParser.TryParse("1700000000", out utc));
        Assert.Equal("2023-11-14T22:13:20.000000Z", TimestampParser.Format(utc));
        Assert.True(TimestampParser.TryParse("2026-11-28 02:00:01.5Z", out utc));
        Assert.Equal("2026-11-28T02:00:01.500000Z", TimestampParser.Format(utc));
        Assert.False(TimestampParser.TryParse("yesterday", out _));
    }
}
