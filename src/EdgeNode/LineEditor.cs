using System.Text;

namespace EdgeNode;

/// <summary>
/// Line editing on a terminal: cursor keys, Home/End, Backspace/Delete, Ctrl+A/E/U/K, history with Up/Down,
/// Ctrl+C abandons the line, Ctrl+D on an empty line ends input. Lines are expected to fit the terminal width.
/// </summary>
internal sealed class LineEditor(CommandHistory history)
{
    /// <summary>Reads one line; null when input ended (Ctrl+D on an empty line).</summary>
    public string? ReadLine(string prompt)
    {
        var buffer = new StringBuilder();
        var cursor = 0;
        var historyIndex = history.Count;
        var draft = "";
        Console.Write(prompt);
        var previousTreat = Console.TreatControlCAsInput;
        Console.TreatControlCAsInput = true;
        try
        {
            while (true)
            {
                var key = Console.ReadKey(intercept: true);
                var control = (key.Modifiers & ConsoleModifiers.Control) != 0;
                switch (key.Key)
                {
                    case ConsoleKey.Enter:
                        Console.Write('\n');
                        return buffer.ToString();
                    case ConsoleKey.C when control:
                        Console.Write("^C\n");
                        return "";
                    case ConsoleKey.D when control:
                        if (buffer.Length == 0)
                        {
                            Console.Write('\n');
                            return null;
                        }
                        if (cursor < buffer.Length) buffer.Remove(cursor, 1);
                        break;
                    case ConsoleKey.A when control:
                    case ConsoleKey.Home:
                        cursor = 0;
                        break;
                    case ConsoleKey.E when control:
                    case ConsoleKey.End:
                        cursor = buffer.Length;
                        break;
                    case ConsoleKey.U when control:
                        buffer.Remove(0, cursor);
                        cursor = 0;
                        break;
                    case ConsoleKey.K when control:
                        buffer.Remove(cursor, buffer.Length - cursor);
                        break;
                    case ConsoleKey.LeftArrow:
                        if (cursor > 0) cursor--;
                        break;
                    case ConsoleKey.RightArrow:
                        if (cursor < buffer.Length) cursor++;
                        break;
                    case ConsoleKey.Backspace:
                        if (cursor > 0) buffer.Remove(--cursor, 1);
                        break;
                    case ConsoleKey.Delete:
                        if (cursor < buffer.Length) buffer.Remove(cursor, 1);
                        break;
                    case ConsoleKey.UpArrow:
                        if (historyIndex > 0)
                        {
                            if (historyIndex == history.Count) draft = buffer.ToString();
                            Replace(buffer, history[--historyIndex], ref cursor);
                        }
                        break;
                    case ConsoleKey.DownArrow:
                        if (historyIndex < history.Count)
                        {
                            historyIndex++;
                            Replace(buffer, historyIndex == history.Count ? draft : history[historyIndex], ref cursor);
                        }
                        break;
                    default:
                        if (key.KeyChar >= ' ' && !control)
                            buffer.Insert(cursor++, key.KeyChar);
                        break;
                }
                Redraw(prompt, buffer, cursor);
            }
        }
        finally
        {
            Console.TreatControlCAsInput = previousTreat;
        }
    }

    private static void Replace(StringBuilder buffer, string text, ref int cursor)
    {
        buffer.Clear().Append(text);
        cursor = buffer.Length;
    }

    private static void Redraw(string prompt, StringBuilder buffer, int cursor)
    {
        // carriage return, prompt and text, erase the rest of the line, then move back to the cursor
        var back = buffer.Length - cursor;
        Console.Write($"\r{prompt}{buffer}\u001b[K" + (back > 0 ? $"\u001b[{back}D" : ""));
    }
}
