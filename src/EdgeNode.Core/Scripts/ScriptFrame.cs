using EdgeNode.Core.Commands;

namespace EdgeNode.Core.Scripts;

/// <summary>
/// The state of one running script: its lines, program counter, labels, call stack, <c>on error</c> handler, the
/// result of the last <c>if</c> (for <c>do</c>/<c>else</c>) and open <c>for loop</c>s. The CLI has an interactive frame
/// without lines so <c>if</c>/<c>do</c>/<c>else</c> work at the prompt too.
/// </summary>
public sealed class ScriptFrame
{
    private readonly Dictionary<string, int> _labels = new(StringComparer.OrdinalIgnoreCase);
    private readonly Stack<int> _calls = new();
    private readonly Stack<LoopState> _loops = new();

    public ScriptFrame(string path, IReadOnlyList<ScriptLine> lines, int generation)
    {
        Path = path;
        Lines = lines;
        Generation = generation;
        for (var i = 0; i < lines.Count; i++)
        {
            var text = lines[i].Text;
            if (LabelName(text) is { } name) _labels.TryAdd(name, i);
        }
    }

    public static ScriptFrame Interactive() => new("(interactive)", [], 0);

    public string Path { get; }
    public IReadOnlyList<ScriptLine> Lines { get; }
    public bool IsInteractive => Lines.Count == 0;

    /// <summary>The <c>exit scripts</c> generation this frame started in; a newer generation stops it.</summary>
    public int Generation { get; }

    /// <summary>Index of the next line to run.</summary>
    public int ProgramCounter { get; set; }

    public bool Ended { get; private set; }

    public ErrorHandling OnError { get; set; } = new(ErrorAction.Continue);

    /// <summary>
    /// Result of the most recent condition (<c>if</c>, also one run by <c>do</c> or <c>else</c>), as EdgeLake keeps it:
    /// <c>do</c> runs when it holds, <c>else</c> when it does not; neither changes it unless it runs an <c>if</c> itself.
    /// </summary>
    public bool LastCondition { get; set; }

    /// <summary>A line that starts with ':' is skipped when the script runs, as in EdgeLake; <see cref="LabelName"/> tells its label.</summary>
    public static bool IsLabel(string text) => text.Length > 0 && text[0] == ':';

    /// <summary>The label of <c>:name:</c> (text after it is ignored); null for a ':' line without a closing ':' (<c>:name;</c>).</summary>
    public static string? LabelName(string text)
    {
        if (!IsLabel(text)) return null;
        var end = text.IndexOf(':', 1);
        return end > 1 ? text[1..end].Trim() : null;
    }

    public CommandResult Goto(string label)
    {
        if (IsInteractive) return CommandResult.Error(ErrorCode.NotInScript, "goto works only inside a script");
        if (!_labels.TryGetValue(label.Trim(':'), out var index))
            return CommandResult.Error(ErrorCode.LabelNotFound, $"label ':{label.Trim(':')}:' is not defined in {Path}");
        ProgramCounter = index + 1;
        return CommandResult.Empty;
    }

    public CommandResult Call(string label)
    {
        var returnTo = ProgramCounter;
        var result = Goto(label);
        if (!result.IsError) _calls.Push(returnTo);
        return result;
    }

    public CommandResult Return()
    {
        if (IsInteractive) return CommandResult.Error(ErrorCode.NotInScript, "return works only inside a script");
        if (_calls.Count == 0) End();
        else ProgramCounter = _calls.Pop();
        return CommandResult.Empty;
    }

    public void End() => Ended = true;

    /// <summary>
    /// Opens a loop over <paramref name="items"/>; each item is stored under <paramref name="variable"/>. When the list
    /// came from <c>!name</c>, the body may also write <c>!name[+]</c> for the current item.
    /// </summary>
    public void StartLoop(string variable, IReadOnlyList<string> items, NodeDictionaryWriter set, string? listName = null)
    {
        if (items.Count == 0)
        {
            SkipToLoopEnd();
            return;
        }
        _loops.Push(new LoopState(ProgramCounter, variable, items, listName is null ? null : $"!{listName}[+]"));
        set(variable, items[0]);
    }

    /// <summary>Rewrites <c>!list[+]</c> of each open loop to the loop's item variable, before the line is substituted.</summary>
    public string ExpandLoopItems(string line)
    {
        if (_loops.Count == 0 || !line.Contains("[+]", StringComparison.Ordinal)) return line;
        foreach (var loop in _loops)
            if (loop.ItemReference is { } reference)
                line = line.Replace(reference, "!" + loop.Variable, StringComparison.Ordinal);
        return line;
    }

    public CommandResult NextLoop(NodeDictionaryWriter set)
    {
        if (_loops.Count == 0) return CommandResult.Error(ErrorCode.CommandStructure, "'for loop end' without 'for loop start'");
        var loop = _loops.Peek();
        loop.Index++;
        if (loop.Index >= loop.Items.Count)
        {
            _loops.Pop();
            return CommandResult.Empty;
        }
        set(loop.Variable, loop.Items[loop.Index]);
        ProgramCounter = loop.BodyStart;
        return CommandResult.Empty;
    }

    private void SkipToLoopEnd()
    {
        var depth = 0;
        for (var i = ProgramCounter; i < Lines.Count; i++)
        {
            var text = Lines[i].Text;
            if (text.StartsWith("for loop start", StringComparison.OrdinalIgnoreCase)) depth++;
            else if (text.StartsWith("for loop end", StringComparison.OrdinalIgnoreCase) && depth-- == 0)
            {
                ProgramCounter = i + 1;
                return;
            }
        }
        ProgramCounter = Lines.Count;
    }

    private sealed class LoopState(int bodyStart, string variable, IReadOnlyList<string> items, string? itemReference)
    {
        public int BodyStart { get; } = bodyStart;
        public string Variable { get; } = variable;
        public IReadOnlyList<string> Items { get; } = items;
        public string? ItemReference { get; } = itemReference;
        public int Index { get; set; }
    }
}

public delegate void NodeDictionaryWriter(string key, string value);
