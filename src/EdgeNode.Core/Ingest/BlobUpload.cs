namespace EdgeNode.Core.Ingest;

/// <summary>
/// A blob and the row that describes it. <see cref="Dbms"/>, <see cref="Table"/> and <see cref="Source"/> as in a data
/// file name (checked by the receiver); <see cref="Hash"/> the md5 the client says the content has (null: computed);
/// <see cref="Extension"/> the blob's file type (<c>png</c>, <c>mp4</c>; empty for none); <see cref="Row"/> a JSON object
/// (UTF-8) with the row's other columns, empty for none. <see cref="Content"/> is valid only until the call's task completes.
/// </summary>
public sealed record BlobUpload(
    string Dbms,
    string Table,
    string Source,
    string? Hash,
    string Extension,
    ReadOnlyMemory<byte> Row,
    ReadOnlyMemory<byte> Content);
