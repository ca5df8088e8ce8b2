using System.Text;

namespace EdgeNode;

/// <summary>
/// Joins a <c>&lt;...&gt;</c> block typed or piped over several lines (a policy, say) into one command, as scripts do:
/// a line starting with <c>&lt;</c> opens the block, the line ending with <c>&gt;</c> closes it.
/// </summary>
internal sealed class BlockAccumulator
{
    private StringBuilder? _block;

    public bool InBlock => _block is not null;

    /// <summary>Returns the complete command, or null while a block is still open.</summary>
    public string? Add(string line)
    {
        if (_block is null)
        {
            if (!line.StartsWith('<') || line.EndsWith('>')) return line;
            _block = new StringBuilder(line);
            return null;
        }
        _block.Append(' ').Append(line);
        if (!line.EndsWith('>')) return null;
        var command = _block.ToString();
        _block = null;
        return command;
    }
}
