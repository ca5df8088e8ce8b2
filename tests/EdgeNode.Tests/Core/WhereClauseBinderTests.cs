using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;

namespace EdgeNode.Tests.Core;

public sealed class WhereClauseBinderTests
{
    private static readonly OptionSchema Schema = new(
        new OptionSpec("name", OptionType.Str) { Required = true },
        new OptionSpec("threads", OptionType.Int) { Default = "6" },
        new OptionSpec("bind", OptionType.Bool) { Default = "false" },
        new OptionSpec("time", OptionType.Time),
        new OptionSpec("volume", OptionType.Storage),
        new OptionSpec("master", OptionType.IpPort),
        new OptionSpec("start", OptionType.Date),
        new OptionSpec("dest", OptionType.Str) { Repeatable = true },
        new OptionSpec("include", OptionType.List),
        new OptionSpec("ratio", OptionType.Float),
        new OptionSpec("topic", OptionType.Nested)
        {
            Repeatable = true,
            Nested = new OptionSchema(new OptionSpec("name", OptionType.Str) { Required = true }, new OptionSpec("qos", OptionType.Int))
                .AllowKeys(key => key.StartsWith("column.", StringComparison.Ordinal) ? OptionType.Str : null),
        });

    private static BoundOptions Bind(string clause) => Schema.Bind(WhereClause.Parse(Tokenizer.Tokenize(clause)));

    [Fact]
    public void Typed_values_are_converted()
    {
        var options = Bind("name = op1 and threads = 3 and bind = TRUE and time = 30 seconds and volume = 10KB and master = 127.0.0.1:32048 and ratio = 0.5");
        Assert.Equal("op1", options.Str("name"));
        Assert.Equal(3, options.Int("threads"));
        Assert.True(options.Bool("bind"));
        Assert.Equal(30, options.Int("time"));
        Assert.Equal(10 * 1024, options.Int("volume"));
        Assert.Equal(new IpPort("127.0.0.1", 32048), options.Endpoint("master"));
        Assert.Equal(0.5, options.Float("ratio"));
    }

    [Theory]
    [InlineData("1 day", 86_400)]
    [InlineData("2 minutes", 120)]
    [InlineData("1 hour", 3600)]
    [InlineData("14 days", 1_209_600)]
    [InlineData("45", 45)]
    [InlineData("5s", 5)]
    public void Time_values_bind_to_seconds(string text, long seconds) =>
        Assert.Equal(seconds, Bind($"name = x and time = {text}").Int("time"));

    [Theory]
    [InlineData("1MB", 1_048_576)]
    [InlineData("1 KB", 1024)]
    [InlineData("2GB", 2_147_483_648)]
    [InlineData("500", 500)]
    public void Storage_values_bind_to_bytes(string text, long bytes) =>
        Assert.Equal(bytes, Bind($"name = x and volume = {text}").Int("volume"));

    [Fact]
    public void Defaults_apply_when_a_key_is_absent()
    {
        var options = Bind("name = x");
        Assert.Equal(6, options.Int("threads"));
        Assert.False(options.Bool("bind"));
        Assert.False(options.Has("time"));
    }

    [Fact]
    public void Repeated_keys_and_lists_collect_every_value()
    {
        var options = Bind("name = x and dest = file and dest = dbms and include = (t2, t3)");
        Assert.Equal(["file", "dbms"], options.Strings("dest"));
        Assert.Equal(["t2", "t3"], options.Strings("include"));
        Assert.Equal(["a", "b"], Bind("name = x and dest = (a, b)").Strings("dest"));
    }

    [Fact]
    public void Nested_clauses_bind_with_their_own_schema_and_open_keys()
    {
        var options = Bind("name = x and topic = (name = t1 and qos = 1 and column.value.float = \"bring [value]\") and topic = (name = t2)");
        var topics = options.NestedAll("topic");
        Assert.Equal(2, topics.Count);
        Assert.Equal("t1", topics[0].Str("name"));
        Assert.Equal(1, topics[0].Int("qos"));
        Assert.Equal("bring [value]", topics[0].Str("column.value.float"));
        Assert.Equal("t2", topics[1].Str("name"));
    }

    [Fact]
    public void Multi_word_values_run_until_the_next_and_key()
    {
        var schema = OptionSchema.Any();
        var options = schema.Bind(WhereClause.Parse(Tokenizer.Tokenize("message = rock and roll today and subject = hi")));
        Assert.Equal("rock and roll today", options.Str("message"));
        Assert.Equal("hi", options.Str("subject"));
    }

    [Fact]
    public void Plus_concatenates_value_words()
    {
        var options = OptionSchema.Any().Bind(WhereClause.Parse(Tokenizer.Tokenize("file = /tmp/ + data.json")));
        Assert.Equal("/tmp/data.json", options.Str("file"));
    }

    [Theory]
    [InlineData("name = x and colour = red", ErrorCode.WrongOption, "unknown option 'colour' at position 13")]
    [InlineData("name = x and threads = many", ErrorCode.WrongOptionType, "option 'threads' expects an integer, got 'many'")]
    [InlineData("name = x and bind = maybe", ErrorCode.WrongOptionType, "expects true or false")]
    [InlineData("name = x and master = 127.0.0.1", ErrorCode.WrongOptionType, "expects ip:port")]
    [InlineData("name = x and time = soon", ErrorCode.WrongOptionType, "expects a time")]
    [InlineData("threads = 3", ErrorCode.MissingOption, "missing required option 'name' (after position 11)")]
    [InlineData("name = x and name = y", ErrorCode.WrongOption, "given more than once")]
    [InlineData("name = x and topic = t1", ErrorCode.WrongOptionType, "expects '( key = value and ... )'")]
    [InlineData("name = x and topic = (qos = 1)", ErrorCode.MissingOption, "missing required option 'name'")]
    [InlineData("name = !undefined_var", ErrorCode.UndefinedVariable, "variable '!undefined_var' used by option 'name' is not declared")]
    [InlineData("name = x and", ErrorCode.CommandStructure, "expected 'key = value' after 'and'")]
    [InlineData("name =", ErrorCode.CommandStructure, "missing value for 'name'")]
    public void Bad_clauses_name_the_bad_part(string clause, ErrorCode code, string message)
    {
        var error = Assert.Throws<CommandSyntaxException>(() => Bind(clause));
        Assert.Equal(code, error.Code);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_key_error_gives_its_position()
    {
        var error = Assert.Throws<CommandSyntaxException>(() => Bind("name = x and colour = red"));
        Assert.Equal("name = x and colour = red".IndexOf("colour", StringComparison.Ordinal), error.Position); // the key, not its value
    }

    [Fact]
    public void Quoted_values_are_literals_even_when_they_look_like_variables()
    {
        Assert.Equal("!not_a_var", Bind("name = \"!not_a_var\"").Str("name"));
    }

    [Fact]
    public void Directory_values_must_exist_and_get_a_trailing_separator()
    {
        var schema = new OptionSchema(new OptionSpec("dir", OptionType.Dir));
        var existing = Path.GetTempPath().TrimEnd('/');
        Assert.Equal(existing + "/", schema.Bind(WhereClause.Parse(Tokenizer.Tokenize($"dir = {existing}"))).Str("dir"));
        var error = Assert.Throws<CommandSyntaxException>(() => schema.Bind(WhereClause.Parse(Tokenizer.Tokenize("dir = /no/such/dir"))));
        Assert.Equal(ErrorCode.DirectoryError, error.Code);
    }

    [Fact]
    public void Relative_dates_resolve_against_now()
    {
        var start = Bind("name = x and start = -30d").Date("start")!.Value;
        Assert.InRange((DateTime.UtcNow - start).TotalDays, 29.99, 30.01);
        Assert.Equal(new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc), Bind("name = x and start = 2024-01-02T03:04:05Z").Date("start"));
    }
}
