using EdgeNode.Core.Commands;

namespace EdgeNode.Query.Wire;

/// <summary>
/// Error codes of query replies. An operator answers a failed query with a <c>job reply</c> whose header carries the
/// error code and whose body is the text (EdgeLake's <c>error_message(..., "job reply", text)</c>); the code is one of
/// EdgeLake's (<c>generic/process_status.py</c>), so an EdgeLake query node names it right. A table the operator does not
/// have is not an error there: it answers "Empty data set" (1006), no rows.
/// </summary>
internal static class WireErrors
{
    public const int ProcessFailure = 3;
    public const int DbmsNotConnected = 5;
    public const int SqlFailure = 16;
    public const int Timeout = 26;
    public const int FailedToParseSql = 46;
    public const int SelectError = 134;
    public const int EmptyDataSet = 1006;

    /// <summary>EdgeLake's "Operator not accessible": an HA member still loading what it missed (another member answers).</summary>
    public const int OperatorNotAccessible = 220;

    /// <summary>EdgeLake's code for an error of this node's query.</summary>
    public static int ToWire(ErrorCode code) => code switch
    {
        ErrorCode.SqlError => SqlFailure,
        ErrorCode.DbmsNotConnected => DbmsNotConnected,
        ErrorCode.Timeout => Timeout,
        ErrorCode.TableNotFound => EmptyDataSet,
        ErrorCode.MemberCatchingUp => OperatorNotAccessible,
        _ => ProcessFailure,
    };

    /// <summary>This node's code for an error an operator sent.</summary>
    public static ErrorCode FromWire(int code) => code switch
    {
        SqlFailure or FailedToParseSql or SelectError => ErrorCode.SqlError,
        DbmsNotConnected => ErrorCode.DbmsNotConnected,
        Timeout => ErrorCode.Timeout,
        OperatorNotAccessible => ErrorCode.MemberCatchingUp,
        _ => ErrorCode.PeerError,
    };
}
