using EdgeNode.Core.Commands;

namespace EdgeNode.Ingest.Operator;

/// <summary>
/// A data file the operator cannot load, with the error code that names its error-dir copy (<c>.err_&lt;code&gt;</c>) and
/// the reason written next to it. Thrown inside file processing only; the operator turns it into an error file.
/// </summary>
internal sealed class OperatorException(ErrorCode code, string reason, Exception? inner = null) : Exception(reason, inner)
{
    public ErrorCode Code { get; } = code;
}
