using EdgeNode.Core.Commands;
using EdgeNode.Core.Output;
using EdgeNode.Core.Storage;
using EdgeNode.Storage.Commands;
using EdgeNode.Storage.TimeFiles;

namespace EdgeNode.Tests.Storage;

public sealed class StorageFormatTests
{
    private static async Task<string> Write(QueryOutputFormat format, bool stat, string[] columns, object?[][] rows, int nodes = 1)
    {
        var text = new StringWriter();
        var writer = new QueryOutputWriter(text, format, stat, columns);
        foreach (var row in rows) await writer.WriteRowAsync(row, TestContext.Current.CancellationToken);
        await writer.CompleteAsync(new QueryStatistics(rows.Length, TimeSpan.Zero, nodes), TestContext.Current.CancellationToken);
        return text.ToString();
    }

    [Fact]
    public async Task Outputs_match_the_reference_replies()
    {
        // reference sql_count_table_network.txt and sql_count_json_network.txt (CRLF of the HTTP body aside)
        Assert.Equal("\ncount(*)\n-------- \n       3 \n\n{\"Statistics\":[{\"Count\": 1,\n                \"Time\":\"00:00:00\",\n                \"Nodes\": 1}]}",
            await Write(QueryOutputFormat.Table, true, ["count(*)"], [[3L]]));
        Assert.Equal("{\"Query\":[{\"count(*)\":3}],\n\"Statistics\":[{\"Count\": 1,\"Time\":\"00:00:00\",\"Nodes\": 1}]}",
            await Write(QueryOutputFormat.Json, true, ["count(*)"], [[3L]]));
        // NULL prints as null and sizes its column; a number is right-aligned, other text in the last column is not padded
        Assert.Equal("\nname  v\n----- ---- \nalpha    1 \nb     null\n", await Write(QueryOutputFormat.Table, false, ["name", "v"], [["alpha", 1L], ["b", null]]));
        Assert.Equal("[{\"s\":\"\\u00e9\\\"\",\"b\":true,\"f\":1e-05}]", await Write(QueryOutputFormat.JsonList, false, ["s", "b", "f"], [["é\"", true, 0.00001]]));
        Assert.Equal("{\"reply\" : \"Empty data set\"}", await Write(QueryOutputFormat.JsonOutput, false, ["a"], []));
    }

    [Fact]
    public async Task Json_list_and_json_output_print_a_row_a_line_then_the_statistics_as_EdgeLake()
    {
        // EdgeLake 1.4's answers to format = json:list / json:output (generic/output_data.py): rows joined by ",\n" or "\n",
        // then, unless stat = false, the statistics on a line of their own
        object?[][] rows = [["fan", 0L], ["valve", 1L]];
        string[] columns = ["device", "status"];
        Assert.Equal("[{\"device\":\"fan\",\"status\":0},\n{\"device\":\"valve\",\"status\":1}]\n" +
                     "{\"Statistics\":[{\"Count\": 2,\"Time\":\"00:00:00\",\"Nodes\": 2}]}",
            await Write(QueryOutputFormat.JsonList, true, columns, rows, nodes: 2));
        Assert.Equal("[{\"device\":\"fan\",\"status\":0},\n{\"device\":\"valve\",\"status\":1}]",
            await Write(QueryOutputFormat.JsonList, false, columns, rows));
        Assert.Equal("{\"device\":\"fan\",\"status\":0}\n{\"device\":\"valve\",\"status\":1}\n" +
                     "{\"Statistics\":[{\"Count\": 2,\"Time\":\"00:00:00\",\"Nodes\": 2}]}",
            await Write(QueryOutputFormat.JsonOutput, true, columns, rows, nodes: 2));
        Assert.Equal("{\"device\":\"fan\",\"status\":0}\n{\"device\":\"valve\",\"status\":1}",
            await Write(QueryOutputFormat.JsonOutput, false, columns, rows));
    }

    [Fact]
    public void Sql_command_options_and_statement_parse()
    {
        var request = SqlRequest.Parse(Tokenizer.Tokenize("test format = table and stat = false and timezone = utc \"select * from t\""));
        Assert.Equal(new SqlRequest("test", QueryOutputFormat.Table, false, "select * from t"), request);
        var unquoted = SqlRequest.Parse(Tokenizer.Tokenize("test format = json:list select a, 'x y' from t where a >= 2;"));
        Assert.Equal(new SqlRequest("test", QueryOutputFormat.JsonList, true, "select a, 'x y' from t where a >= 2"), unquoted);
        Assert.Equal(ErrorCode.WrongOption, Assert.Throws<CommandSyntaxException>(() => SqlRequest.Parse(Tokenizer.Tokenize("test colour = red \"select 1\""))).Code);
        Assert.Equal(ErrorCode.WrongOptionType, Assert.Throws<CommandSyntaxException>(() => SqlRequest.Parse(Tokenizer.Tokenize("test stat = maybe \"select 1\""))).Code);
        Assert.Throws<CommandSyntaxException>(() => SqlRequest.Parse(Tokenizer.Tokenize("test format = json")));
    }

    [Fact]
    public void Data_file_names_parse_with_five_or_eight_sections()
    {
        Assert.True(TsdFileName.TryParse("/x/test.rand_data.0.ec4b3b6a49c3291802f1d9f1c3444fb3.0.113.1.261128020011.json.gz", out var full, out _));
        Assert.Equal(("test", "rand_data", "ec4b3b6a49c3291802f1d9f1c3444fb3", "113", 1L, new DateTime(2026, 11, 28, 2, 0, 11, DateTimeKind.Utc), ".json.gz"),
            (full.Dbms, full.Table, full.Hash, full.Member, full.RowId, full.Date!.Value, full.Extension));
        Assert.True(TsdFileName.TryParse("Test.Rand_Data.json", out var minimal, out _));
        Assert.Equal(("test", "rand_data", "0", "0", "0"), (minimal.Dbms, minimal.Table, minimal.Source, minimal.Hash, minimal.Instructions));
        Assert.False(TsdFileName.TryParse("a.b.c.d.e.f.json", out _, out var error));
        Assert.Contains("exactly 8", error, StringComparison.Ordinal);
        Assert.False(TsdFileName.TryParse("a.b.0.h.0.1.x.260101000000.json", out _, out _));
        Assert.False(TsdFileName.TryParse("lonely.json", out _, out _));
    }

    [Theory]
    [InlineData("timestamp without time zone", ColumnType.Timestamp, null)]
    [InlineData("CHAR(3)", ColumnType.Char, 3)]
    [InlineData("character varying(20)", ColumnType.Varchar, 20)]
    [InlineData("int", ColumnType.Integer, null)]
    [InlineData("numeric", ColumnType.Decimal, null)]
    [InlineData("double precision", ColumnType.Float, null)]
    [InlineData("cidr", ColumnType.Cidr, null)]
    [InlineData("blob", ColumnType.Unknown, null)]
    public void Declared_types_of_both_engines_map_to_portable_types(string declared, ColumnType type, int? length) =>
        Assert.Equal((type, length), ColumnTypes.Parse(declared));

    [Theory]
    [InlineData(ColumnType.Integer, ColumnType.Decimal, ColumnType.Decimal)]
    [InlineData(ColumnType.Decimal, ColumnType.Float, ColumnType.Float)]
    [InlineData(ColumnType.Integer, ColumnType.BigInt, ColumnType.BigInt)]
    [InlineData(ColumnType.Char, ColumnType.Varchar, ColumnType.Varchar)]
    [InlineData(ColumnType.Timestamp, ColumnType.Integer, ColumnType.Varchar)]
    [InlineData(ColumnType.Unknown, ColumnType.Boolean, ColumnType.Boolean)]
    public void Conflicting_types_widen_as_the_spec_says(ColumnType a, ColumnType b, ColumnType wider)
    {
        Assert.Equal(wider, ColumnTypes.Widen(a, null, b, null).Type);
        Assert.Equal(wider, ColumnTypes.Widen(b, null, a, null).Type);
    }

    [Fact]
    public void Char_lengths_widen_to_the_longest() => Assert.Equal((ColumnType.Char, 8), ColumnTypes.Widen(ColumnType.Char, 3, ColumnType.Char, 8));
}
