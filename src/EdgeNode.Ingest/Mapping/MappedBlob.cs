using System.Text;
using EdgeNode.Ingest.Blobs;

namespace EdgeNode.Ingest.Mapping;

/// <summary>
/// A blob column of a mapping policy (<c>"blob": true</c>, EdgeLake's image mapping): the message's value becomes a blob
/// (<see cref="MappedBlobSource"/>), the row keeps its id, <c>&lt;md5&gt;.&lt;extension&gt;</c>.
/// </summary>
public sealed class MappedBlob(MappedBlobSource source, string extension, BlobFileReader? readFile)
{
    public MappedBlobSource Source => source;
    public string Extension => extension;

    public PendingBlob Read(BroughtValue value, string column)
    {
        var text = value.AsText();
        byte[] content;
        switch (source)
        {
            case MappedBlobSource.Base64:
                try
                {
                    content = Convert.FromBase64String(text);
                }
                catch (FormatException)
                {
                    throw new MappingException($"column '{column}': the value is not base64 (the policy says \"apply\": \"base64decoding\")");
                }
                break;
            case MappedBlobSource.File:
                content = readFile is null
                    ? throw new MappingException($"column '{column}': blobs named by a file path are read only by message clients")
                    : readFile(text);
                break;
            default:
                content = Encoding.UTF8.GetBytes(text);
                break;
        }
        return new PendingBlob(BlobHash.Of(content), extension, content);
    }
}
