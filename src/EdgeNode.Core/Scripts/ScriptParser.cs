namespace EdgeNode.Core.Scripts;

/// <summary>
/// Splits script text into command lines. A line that starts with <c>&lt;</c> continues to the line that ends with
/// <c>&gt;</c>; the block becomes one command without the angle brackets (SPEC §1). Blank and comment lines are dropped.
/// </summary>
public static class ScriptParser
{
    public static List<ScriptLine> Parse(string text)
    {
        var lines = new List<ScriptLine>();
        var raw = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < raw.Length; i++)
        {
            var line = raw[i].Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            if (line[0] != '<')
            {
                lines.Add(new ScriptLine(i + 1, line));
                continue;
            }
            var start = i;
            var block = new System.Text.StringBuilder(line[1..]);
            while (!EndsBlock(block) && i + 1 < raw.Length)
                block.Append(' ').Append(raw[++i].Trim());
            if (!EndsBlock(block))
                throw new Commands.CommandSyntaxException($"the '<' block starting at line {start + 1} has no closing '>'", 0);
            var joined = block.ToString().TrimEnd();
            lines.Add(new ScriptLine(start + 1, joined[..^1].Trim()));
        }
        return lines;
    }

    private static bool EndsBlock(System.Text.StringBuilder block)
    {
        for (var i = block.Length - 1; i >= 0; i--)
        {
            if (char.IsWhiteSpace(block[i])) continue;
            return block[i] == '>';
        }
        return false;
    }
}
