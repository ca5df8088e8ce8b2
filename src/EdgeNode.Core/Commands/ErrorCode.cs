namespace EdgeNode.Core.Commands;

/// <summary>
/// Error codes returned by commands. Numbers that EdgeLake clients are known to see keep EdgeLake's value
/// (2, 20, 45, 87); the rest are EdgeNode's and stable from release to release. Texts are in <see cref="ErrorCodes"/>.
/// </summary>
public enum ErrorCode
{
    Success = 0,
    ProcessFailure = 1,
    CommandStructure = 2,
    UnknownCommand = 3,
    WrongOption = 4,
    WrongOptionType = 5,
    MissingOption = 6,
    UndefinedVariable = 7,
    FileNotFound = 8,
    FileError = 9,
    ProcessAlreadyRunning = 10,
    ProcessNotRunning = 11,
    Timeout = 12,
    Cancelled = 13,
    NotInScript = 14,
    LabelNotFound = 15,
    ExpressionError = 16,
    DirectoryError = 17,
    NetworkNotAvailable = 18,
    WrongHttpMethod = 19,
    DestinationNotProvided = 20,
    DbmsNotConnected = 21,
    DbmsError = 22,
    SqlError = 23,
    TableNotFound = 24,
    PolicyError = 25,
    PolicyNotFound = 26,
    DuplicatePolicy = 27,
    JsonError = 28,
    PeerError = 29,
    NotSupported = 30,
    MetadataNotAvailable = 45,
    OperatorClusterMissing = 87,
}

public static class ErrorCodes
{
    public static string Text(ErrorCode code) => code switch
    {
        ErrorCode.Success => "Success",
        ErrorCode.ProcessFailure => "Process failure",
        ErrorCode.CommandStructure => "Error Command Structure",
        ErrorCode.UnknownCommand => "Unrecognized command",
        ErrorCode.WrongOption => "Unrecognized option",
        ErrorCode.WrongOptionType => "Wrong option value type",
        ErrorCode.MissingOption => "Missing required option",
        ErrorCode.UndefinedVariable => "Variable not declared",
        ErrorCode.FileNotFound => "File not found",
        ErrorCode.FileError => "File error",
        ErrorCode.ProcessAlreadyRunning => "Process already running",
        ErrorCode.ProcessNotRunning => "Process not running",
        ErrorCode.Timeout => "Timeout",
        ErrorCode.Cancelled => "Command cancelled",
        ErrorCode.NotInScript => "Command valid only in a script",
        ErrorCode.LabelNotFound => "Label not found",
        ErrorCode.ExpressionError => "Expression error",
        ErrorCode.DirectoryError => "Directory error",
        ErrorCode.NetworkNotAvailable => "Network not available",
        ErrorCode.WrongHttpMethod => "Wrong HTTP method used",
        ErrorCode.DestinationNotProvided => "IP and Port of destination servers are not properly provided",
        ErrorCode.DbmsNotConnected => "DBMS not connected",
        ErrorCode.DbmsError => "DBMS error",
        ErrorCode.SqlError => "SQL error",
        ErrorCode.TableNotFound => "Table not found",
        ErrorCode.PolicyError => "Policy error",
        ErrorCode.PolicyNotFound => "Policy not found",
        ErrorCode.DuplicatePolicy => "Duplicate policy",
        ErrorCode.JsonError => "Error in JSON structure",
        ErrorCode.PeerError => "Error from peer node",
        ErrorCode.NotSupported => "Not supported",
        ErrorCode.MetadataNotAvailable => "Failed to load table metadata from blockchain",
        ErrorCode.OperatorClusterMissing => "Operator policy without a valid cluster",
        _ => code.ToString(),
    };
}
