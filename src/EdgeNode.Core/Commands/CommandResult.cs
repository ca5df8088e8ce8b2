namespace EdgeNode.Core.Commands;

/// <summary>How a result is rendered to a REST client (content type) and whether it is JSON.</summary>
public enum OutputFormat : byte { Text, Json }

/// <summary>
/// The outcome of a command: its output, or an error with a code and a detail message. User errors are results, not
/// exceptions. <see cref="Position"/> is the 0-based offset of the offending part of the command line, or -1.
/// </summary>
public sealed class CommandResult
{
    private CommandResult(ErrorCode code, string text, OutputFormat format, int position)
    {
        Code = code;
        Text = text;
        Format = format;
        Position = position;
    }

    public static readonly CommandResult Empty = new(ErrorCode.Success, "", OutputFormat.Text, -1);

    public ErrorCode Code { get; }

    /// <summary>The output when successful; the detail message when an error.</summary>
    public string Text { get; }

    public OutputFormat Format { get; }

    public int Position { get; }

    public bool IsError => Code != ErrorCode.Success;

    /// <summary>A value stored by an assignment (<c>x = get status</c>), when it differs from the printed text.</summary>
    public string? Value { get; init; }

    /// <summary>Writes a large output (a query result) progressively; REST streams it chunked.</summary>
    public Func<TextWriter, CancellationToken, Task>? Writer { get; init; }

    /// <summary>Bytes returned as they are (REST answers with them and their content type); <see cref="Text"/> describes them.</summary>
    public BinaryContent? Binary { get; init; }

    /// <summary>A copy of this result that an assignment stores as <paramref name="value"/> instead of its text.</summary>
    public CommandResult WithValue(string value) => new(Code, Text, Format, Position) { Value = value, Writer = Writer, Binary = Binary };

    public static CommandResult Ok(string text) => text.Length == 0 ? Empty : new(ErrorCode.Success, text, OutputFormat.Text, -1);

    public static CommandResult Json(string json) => new(ErrorCode.Success, json, OutputFormat.Json, -1);

    /// <summary>A large output written progressively by <paramref name="writer"/> (REST streams it chunked).</summary>
    public static CommandResult Streamed(OutputFormat format, Func<TextWriter, CancellationToken, Task> writer) =>
        new(ErrorCode.Success, "", format, -1) { Writer = writer };

    /// <summary>Bytes for a client that takes them as they are (REST); consoles and scripts show <paramref name="text"/>.</summary>
    public static CommandResult Bytes(string text, BinaryContent content) =>
        new(ErrorCode.Success, text, OutputFormat.Text, -1) { Binary = content };

    /// <summary>An error; a detail longer than a log entry is cut (it may repeat a huge input).</summary>
    public static CommandResult Error(ErrorCode code, string detail = "", int position = -1) =>
        new(code == ErrorCode.Success ? ErrorCode.ProcessFailure : code, Limits.Excerpt.Of(detail, Limits.Excerpt.LogEntryChars), OutputFormat.Text, position);

    /// <summary>The one-line form printed on the console: <c>Error 2: Error Command Structure: unbalanced '(' at position 4</c>.</summary>
    public string ErrorLine =>
        Text.Length == 0 ? $"Error {(int)Code}: {ErrorCodes.Text(Code)}" : $"Error {(int)Code}: {ErrorCodes.Text(Code)}: {Text}";

    /// <summary>What a console shows for this result.</summary>
    public string Display => IsError ? ErrorLine : Text;

    public override string ToString() => Display;
}
