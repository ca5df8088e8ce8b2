using EdgeNode.Core.Commands;

namespace EdgeNode.Core.Ingest;

/// <summary>The outcome of an ingest call: the hash of the written file (<c>"0"</c> when streaming), or an error with a code.</summary>
public sealed record IngestResult(ErrorCode Code, string Hash, string Detail)
{
    public bool IsError => Code != ErrorCode.Success;

    public static IngestResult Ok(string hash = "0") => new(ErrorCode.Success, hash, "");

    public static IngestResult Error(ErrorCode code, string detail) =>
        new(code == ErrorCode.Success ? ErrorCode.ProcessFailure : code, "0", detail);
}
