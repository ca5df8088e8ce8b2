namespace EdgeNode.Core.Commands;

/// <summary>A command line that cannot be tokenized or bound. Carries the error code and the 0-based position.</summary>
public sealed class CommandSyntaxException(string message, int position, ErrorCode code = ErrorCode.CommandStructure)
    : Exception(message)
{
    public int Position { get; } = position;
    public ErrorCode Code { get; } = code;
}
