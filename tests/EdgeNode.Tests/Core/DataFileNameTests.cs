using EdgeNode.Core.Ingest;

namespace EdgeNode.Tests.Core;

public sealed class DataFileNameTests
{
    [Theory]
    [InlineData("test.rand_data.json", "test", "rand_data", "0", "0", "0", null)]
    [InlineData("test.rand_data.0.ec4b3b6a49c3291802f1d9f1c3444fb3.0.json", "test", "rand_data", "0", "ec4b3b6a49c3291802f1d9f1c3444fb3", "0", null)]
    [InlineData("monitoring.syslog.0.fc1524ad102f035b83a6b7b01aeac3f5.0.165.311239.260726140705.json.gz", "monitoring", "syslog", "0", "fc1524ad102f035b83a6b7b01aeac3f5", "0", "165")]
    [InlineData("Lsl_Demo.Ping_Sensor.dev7.json", "lsl_demo", "ping_sensor", "dev7", "0", "0", null)]
    [InlineData("d.t.0.abc.mapping1.@.12.260726140705.json", "d", "t", "0", "abc", "mapping1", "@")]
    public void Names_of_every_form_parse(string name, string dbms, string table, string source, string hash, string instructions, string? member)
    {
        var parsed = DataFileName.TryParse(name, out var error);
        Assert.Null(error);
        Assert.NotNull(parsed);
        Assert.Equal(dbms, parsed.Dbms);
        Assert.Equal(table, parsed.Table);
        Assert.Equal(source, parsed.Source);
        Assert.Equal(hash, parsed.Hash);
        Assert.Equal(instructions, parsed.Instructions);
        Assert.Equal(member, parsed.TsdMember);
    }

    [Fact]
    public void Full_names_round_trip()
    {
        const string name = "monitoring.syslog.0.fc1524ad102f035b83a6b7b01aeac3f5.0.165.311239.260726140705.json.gz";
        Assert.Equal(name, DataFileName.TryParse(name, out _)!.ToString());
        var short5 = DataFileName.TryParse("test.rand_data.json", out _)!;
        Assert.Equal("test.rand_data.0.0.0.json", short5.ToString());
        Assert.Equal("test.rand_data.0.0.0.5.17.260101000000.json",
            (short5 with { TsdMember = "5", TsdRowId = "17", TsdDate = DataFileName.FormatTsdDate(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc)) }).ToString());
    }

    [Theory]
    [InlineData("readme.txt", "not a .json, .sql or .gz file")]
    [InlineData("onlydbms.json", "needs at least '<dbms>.<table>'")]
    [InlineData("a.b.c.d.e.f.json", "has 6 sections")]
    [InlineData("a..c.json", "empty section")]
    [InlineData("my-db.table.json", "letters, digits and '_' only")]
    public void Bad_names_are_refused_with_a_reason(string name, string reason)
    {
        Assert.Null(DataFileName.TryParse(name, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Hash_is_md5_of_dbms_table_and_content()
    {
        // md5("test.rand_data" + bytes), computed independently with coreutils semantics
        var content = "{\"a\": 1}\n"u8.ToArray();
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData([.. "test.rand_data"u8.ToArray(), .. content]));
        Assert.Equal(expected, DataFileName.ComputeHash("test", "rand_data", content));
    }
}
