using EdgeNode.Core;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Ingest;
using EdgeNode.Core.Metrics;
using Microsoft.AspNetCore.Http;

namespace EdgeNode.Network.Rest;

/// <summary>
/// Data calls: PUT rows (file or streaming mode) handed to the node's <see cref="IDataIngest"/>, and POST
/// <c>command: data</c> messages handed to the <see cref="ITopicIngest"/> of <c>run msg client where broker = rest</c>.
/// The reply is sent only once the implementation has made the rows durable.
/// </summary>
internal sealed class RestIngestExecutor(Node node)
{
    public const string RestBroker = "rest";

    public async Task<RestReply> PutAsync(RestPutRequest put, RestBody body, CancellationToken cancellation)
    {
        // the rows are checked first: a client with a malformed body learns it whatever the node's configuration
        using var rows = JsonRows.Parse(body.Span, out var code, out var error);
        if (rows is null) return RestReply.IngestError(StatusCodes.Status400BadRequest, code, error);
        var ingest = node.Services.Find<IDataIngest>();
        if (ingest is null)
            return RestReply.IngestError(StatusCodes.Status503ServiceUnavailable, ErrorCode.IngestNotAvailable,
                "this node has no streamer/operator pipeline loaded to receive PUT data");
        var batch = new IngestBatch(put.Dbms, put.Table, put.Source, put.Instructions, put.Type, rows.Memory, rows.Count);
        var result = put.Streaming
            ? await ingest.AppendStreamingAsync(batch, cancellation)
            : await ingest.WriteFileAsync(batch, cancellation);
        if (!result.IsError)
        {
            node.Metrics.RowsReceived(IngestChannel.Rest, batch.RowCount);
            return RestReply.IngestSuccess(result.Hash);
        }
        // rows the table cannot take are the client's error; failing to store them is the node's
        var status = result.Code is ErrorCode.DataTypeMismatch or ErrorCode.JsonError or ErrorCode.InvalidAttribute
            ? StatusCodes.Status400BadRequest
            : StatusCodes.Status500InternalServerError;
        return RestReply.IngestError(status, result.Code, result.Detail);
    }

    /// <summary>A blob (the body) with the row that describes it (<c>type: blob</c>), handed to the node's <see cref="IBlobIngest"/>.</summary>
    public async Task<RestReply> PutBlobAsync(RestPutRequest put, RestBody body, CancellationToken cancellation)
    {
        if (node.Services.Find<IBlobIngest>() is not { } blobs)
            return RestReply.IngestError(StatusCodes.Status503ServiceUnavailable, ErrorCode.IngestNotAvailable,
                "this node has no blobs archiver path loaded to receive blobs");
        if (body.Length == 0) return RestReply.IngestError(StatusCodes.Status400BadRequest, ErrorCode.MissingOption, "PUT with 'type: blob' needs the blob as its body");
        var row = put.Row is null ? ReadOnlyMemory<byte>.Empty : System.Text.Encoding.UTF8.GetBytes(put.Row);
        var result = await blobs.PutBlobAsync(new BlobUpload(put.Dbms, put.Table, put.Source, put.Hash, put.Extension, row, body.Memory), cancellation);
        if (!result.IsError) return RestReply.IngestSuccess(result.Hash);
        // a blob that is too large, does not match its hash or comes with a bad row is the client's error; failing to store it is the node's
        var status = result.Code is ErrorCode.FileError ? StatusCodes.Status500InternalServerError : StatusCodes.Status400BadRequest;
        return RestReply.IngestError(status, result.Code, result.Detail);
    }

    public async Task<RestReply> PublishAsync(string topic, RestClientAgent agent, RestBody body, string method,
        CancellationToken cancellation)
    {
        var ingest = node.Services.Find<ITopicIngest>();
        if (ingest is null)
            return RestReply.Error(StatusCodes.Status400BadRequest, ErrorCode.NoClientMapping,
                $"no client mapping for topic '{topic}': message clients ('run msg client where broker = rest ...') are not available on this node",
                method, node.LocalIp);
        var result = await ingest.IngestMessageAsync(RestBroker, topic, agent.Product, body.Memory, cancellation);
        if (!result.IsError) return RestReply.IngestSuccess(result.Hash);
        // no mapping or a message the mapping rejects is the client's error; failing to store it is the node's
        var status = result.Code is ErrorCode.NoClientMapping or ErrorCode.JsonError ? StatusCodes.Status400BadRequest : StatusCodes.Status500InternalServerError;
        return RestReply.Error(status, result.Code, result.Detail, method, node.LocalIp);
    }
}
