namespace EdgeNode.Core.Ingest;

/// <summary>
/// Where a blob that arrives with the row describing it (REST <c>PUT</c> with <c>type: blob</c>) enters the node: the
/// blob goes to <c>blobs_dir</c> as <c>&lt;dbms&gt;.&lt;table&gt;.&lt;hash&gt;.&lt;extension&gt;</c> and the row, with the blob's id
/// in its <c>file</c> column, to <c>bwatch_dir</c>, where the blobs archiver stores the blob and passes the row on to the
/// operator. Implemented by the Ingest project; registered in <c>node.Services</c>.
/// <para>
/// The task completes once both files are durable (written, fsynced, renamed), so a reply sent after it survives a
/// crash. A hash given with the upload that does not match the content, or content over the size limit, is an error
/// result (the bytes are kept in the error dir with the reason); the result's hash is the blob's md5 otherwise.
/// </para>
/// </summary>
public interface IBlobIngest
{
    ValueTask<IngestResult> PutBlobAsync(BlobUpload upload, CancellationToken cancellation);
}
