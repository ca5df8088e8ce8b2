using EdgeNode.Core.Commands;

namespace EdgeNode.Tests.Core;

public sealed class TokenizerTests
{
    private static string[] Words(string line) => Tokenizer.Tokenize(line).Select(t => t.Text).ToArray();

    [Fact]
    public void Equals_and_plus_are_separate_tokens_even_without_spaces()
    {
        Assert.Equal(["a", "=", "b"], Words("a=b"));
        Assert.Equal(["x", "=", "!a", "+", "!b"], Words("x = !a+!b"));
    }

    [Theory]
    [InlineData("abc=1", new[] { "abc", "=", "1" })] // a stop among the first characters, checked one by one
    [InlineData("abcdefghijklmnopqrst=1", new[] { "abcdefghijklmnopqrst", "=", "1" })] // a stop past them, searched vectorized
    [InlineData("abcdefghijklmnop=1", new[] { "abcdefghijklmnop", "=", "1" })] // the stop right after the first sixteen
    [InlineData("ab\u00a0cd abcdefghijklmnopqr\u2003st", new[] { "ab", "cd", "abcdefghijklmnopqr", "st" })] // Unicode spaces
    [InlineData("a(1 2)b abcdefghijklmnopqrstuv(x y)", new[] { "a(1 2)b", "abcdefghijklmnopqrstuv(x y)" })]
    public void Words_end_at_the_same_characters_whatever_their_length(string line, string[] expected) =>
        Assert.Equal(expected, Words(System.Text.RegularExpressions.Regex.Unescape(line)));

    [Fact]
    public void Comparison_operators_are_single_tokens()
    {
        Assert.Equal(["if", "!a", "==", "1", "and", "!b", "!=", "2", "and", "!c", ">=", "3", "then", "x"],
            Words("if !a==1 and !b != 2 and !c >= 3 then x"));
    }

    [Fact]
    public void Double_quotes_are_stripped_single_quotes_and_backticks_kept()
    {
        var tokens = Tokenizer.Tokenize("sql d \"select * from t\" 'a b' `c d`");
        Assert.Equal(["sql", "d", "select * from t", "'a b'", "`c d`"], tokens.Select(t => t.Text));
        Assert.Equal(TokenKind.Quoted, tokens[2].Kind);
        Assert.Equal(TokenKind.SingleQuoted, tokens[3].Kind);
        Assert.Equal(TokenKind.SingleQuoted, tokens[4].Kind);
    }

    [Fact]
    public void Nested_parens_with_quotes_inside_brackets_are_one_word()
    {
        var tokens = Tokenizer.Tokenize("run msg client where topic = (name = a/# and table = \"bring [m][n]\" and x = (1, \")\"))");
        var topic = tokens[^1];
        Assert.Equal(TokenKind.Parens, topic.Kind);
        Assert.Equal("(name = a/# and table = \"bring [m][n]\" and x = (1, \")\"))", topic.Text);
    }

    [Fact]
    public void Json_policy_with_spaces_is_one_braces_token()
    {
        var tokens = Tokenizer.Tokenize("p = {\"operator\" : {\"name\" : \"op 1\", \"port\" : 32148, \"tags\" : [\"a\", \"}\"]}}");
        Assert.Equal(3, tokens.Count);
        Assert.Equal(TokenKind.Braces, tokens[2].Kind);
        Assert.EndsWith("]}}", tokens[2].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Adjacent_bracket_groups_make_one_word()
    {
        Assert.Equal(["blockchain", "get", "operator", "bring", "[operator][name]", "[operator][ip]"],
            Words("blockchain get operator bring [operator][name] [operator][ip]"));
        Assert.Equal(["key[]", "=", "run"], Words("key[] = run"));
        Assert.Equal(["bring.table.sort(1,2)"], Words("bring.table.sort(1,2)"));
    }

    [Fact]
    public void Comment_at_word_start_ends_the_line()
    {
        Assert.Equal(["echo", "a#b"], Words("echo a#b # this is ignored"));
    }

    [Fact]
    public void Ampersand_splits_commands()
    {
        var commands = Tokenizer.SplitCommands(Tokenizer.Tokenize("a = 1 & b = 2"));
        Assert.Equal(2, commands.Count);
        Assert.Equal("b", commands[1][0].Text);
    }

    [Theory]
    [InlineData("run client (1.2.3.4:20 get status", "unbalanced '('", 11)]
    [InlineData("echo \"open", "unterminated \" string", 5)]
    [InlineData("x = {\"a\": [1, 2}", "does not close '['", 15)]
    [InlineData("echo a) b", "unbalanced ')'", 6)]
    public void Unbalanced_input_is_an_error_with_its_position(string line, string message, int position)
    {
        var error = Assert.Throws<CommandSyntaxException>(() => Tokenizer.Tokenize(line));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(position, error.Position);
        Assert.Equal(ErrorCode.CommandStructure, error.Code);
    }
}
