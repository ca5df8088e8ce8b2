using EdgeNode.Core.Output;

namespace EdgeNode.Tests.Core;

/// <summary>
/// <c>format = table</c> as EdgeLake prints it (the client fixtures of tests/fixtures/edgelake/client pin it on real
/// answers; these pin each rule on small ones).
/// </summary>
public sealed class TableBlocksTests
{
    private static string Print(string[] columns, IEnumerable<object?[]> rows)
    {
        var table = new TableBlocks(columns);
        var text = new System.Text.StringBuilder();
        foreach (var row in rows)
            if (table.Add(row) is { } block) text.Append(block);
        if (table.HasRows) text.Append(table.Flush());
        return text.ToString();
    }

    [Fact]
    public void Rows_print_in_blocks_of_25_each_with_its_header_and_the_last_block_sized_by_the_rows_it_did_not_overwrite()
    {
        // rows 1-25 hold a long name in row 24; the last block (2 rows) overwrote rows 1-2 only, so it is as wide as row 24
        var rows = Enumerable.Range(1, 27).Select(i => new object?[] { i == 24 ? "a much longer name" : "n" + i, (long)i }).ToList();
        var text = Print(["name", "n"], rows);
        var blocks = text.Split("\n\n");
        Assert.Equal(2, blocks.Length);
        Assert.StartsWith("\nname               n\n------------------ -- \nn1                  1 \n", text, StringComparison.Ordinal);
        Assert.Equal("name               n\n------------------ -- \nn26                26 \nn27                27 \n", blocks[1]);
    }

    [Theory]
    [InlineData("12", true)]
    [InlineData("-19.5", true)]
    [InlineData("1,234.5", true)]
    [InlineData("1e-05", false)]
    [InlineData("1-2", false)]
    [InlineData("--1", false)]
    [InlineData("12345678901234567890", false)]
    [InlineData("m001", false)]
    [InlineData("2024-11-30T23:59:51", false)]
    public void A_cell_is_right_aligned_when_its_text_reads_as_a_number(string text, bool right) =>
        Assert.Equal(right, TableBlocks.IsNumberText(text));

    [Fact]
    public void Null_empty_text_and_booleans_print_as_words_and_the_last_column_is_not_padded()
    {
        var text = Print(["flag", "note", "text"], [[true, null, "a"], [false, "", "longer"]]);
        Assert.Equal("\nflag  note text\n----- ---- ------ \ntrue  null a\nfalse null longer\n", text);
    }

    [Fact]
    public void A_numeric_header_or_last_cell_is_right_aligned_and_followed_by_a_space()
    {
        var text = Print(["device", "2024"], [["a", 7L]]);
        Assert.Equal("\ndevice 2024 \n------ ---- \na         7 \n", text);
    }
}
