using EdgeNode.Core.Commands;
using EdgeNode.Core.Output;
using EdgeNode.Query;

namespace EdgeNode.Tests.Query;

public sealed class QueryRequestTests
{
    private static QueryRequest Parse(string line) => QueryRequest.Parse(Tokenizer.Tokenize(line));

    [Fact]
    public void Options_of_a_network_query_are_read()
    {
        var request = Parse("test format = table and stat = false and timezone = America/New_York and include = (t2, T3) and " +
                            "extend = (@ip, +node_name) and nodes = all and max_time = 30 seconds and dest = file and file = /tmp/out.txt \"select 1 from t\"");
        Assert.Equal(("test", "select 1 from t", QueryOutputFormat.Table, false, "America/New_York"),
            (request.Dbms, request.Statement, request.Format, request.Statistics, request.TimeZone));
        Assert.Equal(["t2", "t3"], request.Include);
        Assert.Equal("(@ip, +node_name)", request.Extend);
        Assert.True(request.AllNodes);
        Assert.Equal(TimeSpan.FromSeconds(30), request.MaxTime);
        Assert.Equal((QueryDestination.File, "/tmp/out.txt"), (request.Destination, request.File));
    }

    [Fact]
    public void Subset_and_timeout_of_run_client_are_read_among_the_query_options()
    {
        var request = Parse("test format = table and subset = true and timeout = 2 minutes \"select 1 from t\"");
        Assert.Equal((true, TimeSpan.FromMinutes(2), "select 1 from t"), (request.Subset, request.Timeout, request.Statement));
        Assert.Equal(Timeout.InfiniteTimeSpan, Parse("test timeout = 0 \"select 1 from t\"").Timeout);
        Assert.Equal(((bool?)null, (TimeSpan?)null), (Parse("test \"select 1 from t\"").Subset, Parse("test \"select 1 from t\"").Timeout));
    }

    [Fact]
    public void A_list_option_repeated_as_EdgeLake_query_nodes_send_it_is_one_list()
    {
        var request = Parse("test format = json and extend = @ip and extend = @port.str and extend = (@table_name, +node_name) and include = t2 " +
                            "and include = t3 select count(*) from t");
        Assert.Equal("(@ip, @port.str, @table_name, +node_name)", request.Extend);
        Assert.Equal(["t2", "t3"], request.Include);
    }

    [Fact]
    public void Defaults_are_json_with_statistics_in_utc()
    {
        var request = Parse("test select count(*) from t;");
        Assert.Equal((QueryOutputFormat.Json, true, "utc", "select count(*) from t"), (request.Format, request.Statistics, request.TimeZone, request.Statement));
    }

    [Theory]
    [InlineData("test colour = red \"select 1\"", ErrorCode.WrongOption)]
    [InlineData("test format = xml \"select 1\"", ErrorCode.WrongOptionType)]
    [InlineData("test nodes = some \"select 1\"", ErrorCode.WrongOptionType)]
    [InlineData("test subset = maybe \"select 1\"", ErrorCode.WrongOptionType)]
    [InlineData("test timeout = soon \"select 1\"", ErrorCode.WrongOptionType)]
    [InlineData("test dest = dbms \"select 1\"", ErrorCode.MissingOption)]
    [InlineData("test format = json", ErrorCode.CommandStructure)]
    [InlineData("test source = expected.out \"select 1\"", ErrorCode.WrongOption)]
    [InlineData("test test = true and dest = dbms and table = t \"select 1\"", ErrorCode.WrongOption)]
    public void Bad_options_are_errors_with_a_code(string line, ErrorCode code) =>
        Assert.Equal(code, Assert.Throws<CommandSyntaxException>(() => Parse(line)).Code);

    [Fact]
    public void Operators_skip_options_of_other_query_nodes() =>
        Assert.Equal("select 1 from t", QueryRequest.Parse(Tokenizer.Tokenize("test title = x and extend = (@ip) \"select 1 from t\""), lenient: true).Statement);
}
