using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EdgeNode.Core.Ingest;
using EdgeNode.Ingest.Blobs;
using EdgeNode.Ingest.Mapping;

namespace EdgeNode.Tests.Ingest;

/// <summary>Blob columns of mapping policies (EdgeLake's image mapping) and the catalog of the folder archive.</summary>
public sealed class BlobMappingTests
{
    private static readonly DateTime Now = new(2026, 11, 28, 2, 5, 40, DateTimeKind.Utc);

    private static MessageMapping Policy(string blobColumn, BlobFileReader? readFile = null)
    {
        using var policy = JsonDocument.Parse("""{"mapping": {"id": "frames", "dbms": "test", "table": "frames", "schema": {"camera": {"type": "str", "bring": "[camera]"}, "image": """
                                              + blobColumn + "}}}");
        return MappingCompiler.FromTopic(new MessageTopic("t", null, null, 0, false, "frames", []), policy.RootElement.Clone(), readFile);
    }

    private static MappedRows.TableRows Map(MessageMapping mapping, string message)
    {
        var rows = new MappedRows();
        using var document = JsonDocument.Parse(message);
        mapping.Map(document.RootElement, Now, rows);
        return rows[0];
    }

    private static string Md5(byte[] bytes) => Convert.ToHexStringLower(MD5.HashData(bytes));

    [Fact]
    public void A_base64_blob_becomes_a_pending_blob_and_the_row_keeps_its_md5_and_type()
    {
        var image = GeneratedBlobs.Image(1, 3_000);
        var mapping = Policy("""{"type": "varchar", "bring": "[frame]", "blob": true, "hash": "md5", "extension": "png", "apply": "base64decoding"}""");
        var rows = Map(mapping, $$"""{"camera": "c1", "frame": "{{Convert.ToBase64String(image)}}"}""");
        Assert.Equal($$"""{"camera":"c1","image":"{{Md5(image)}}.png"}""" + "\n", Encoding.UTF8.GetString(rows.Data.Span));
        var blob = Assert.Single(rows.Blobs);
        Assert.Equal((Md5(image), "png"), (blob.Hash, blob.Extension));
        Assert.Equal(image, blob.Content);
    }

    [Fact]
    public void A_blob_named_by_a_file_path_is_read_through_the_reader_and_text_blobs_are_their_utf8()
    {
        var image = GeneratedBlobs.Image(2, 500);
        var read = new List<string>();
        var mapping = Policy("""{"type": "varchar", "bring": "[path]", "blob": true, "apply": "file", "extension": "jpg"}""", path =>
        {
            read.Add(path);
            return image;
        });
        Assert.Equal(image, Assert.Single(Map(mapping, """{"camera": "c2", "path": "/data/frames/1.jpg"}""").Blobs).Content);
        Assert.Equal(["/data/frames/1.jpg"], read);

        var text = Policy("""{"type": "varchar", "bring": "[note]", "blob": true}""");
        var blob = Assert.Single(Map(text, """{"camera": "c3", "note": "hello"}""").Blobs);
        Assert.Equal(("hello", ""), (Encoding.UTF8.GetString(blob.Content), blob.Extension));
        Assert.Equal(Md5("hello"u8.ToArray()), blob.Id);
    }

    [Fact]
    public void Blob_columns_that_cannot_work_are_refused_with_the_reason()
    {
        Assert.Contains("is not base64", Assert.Throws<MappingException>(() =>
            Map(Policy("""{"bring": "[f]", "blob": true, "apply": "base64decoding"}"""), """{"camera": "c", "f": "***"}""")).Message, StringComparison.Ordinal);
        Assert.Contains("\"hash\": \"md5\"", Assert.Throws<MappingException>(() => Policy("""{"bring": "[f]", "blob": true, "hash": "sha1"}""")).Message,
            StringComparison.Ordinal);
        Assert.Contains("apply 'opencv' is not supported", Assert.Throws<MappingException>(() => Policy("""{"bring": "[f]", "blob": true, "apply": "opencv"}""")).Message,
            StringComparison.Ordinal);
        Assert.Contains("read only by message clients", Assert.Throws<MappingException>(() =>
            Map(Policy("""{"bring": "[f]", "blob": true, "apply": "file"}"""), """{"camera": "c", "f": "/etc/hostname"}""")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_operator_reads_blob_columns_as_the_ids_they_hold()
    {
        using var policy = JsonDocument.Parse("""{"mapping": {"dbms": "test", "table": "frames", "schema": {"image": {"type": "varchar", "bring": "[image]", "blob": true}}}}""");
        var rows = Map(MappingCompiler.FromPolicy(policy.RootElement), """{"image": "0123456789abcdef0123456789abcdef.png"}""");
        Assert.Equal("""{"image":"0123456789abcdef0123456789abcdef.png"}""" + "\n", Encoding.UTF8.GetString(rows.Data.Span));
        Assert.Empty(rows.Blobs);
    }

    [Fact]
    public void A_catalog_line_torn_by_a_crash_is_skipped_and_the_next_line_starts_on_its_own()
    {
        var directory = Directory.CreateTempSubdirectory("blob-catalog-").FullName;
        try
        {
            var path = Path.Combine(directory, "test.images.txt");
            var first = new string('a', 32);
            File.WriteAllText(path, $"{first} 26/01/01/test.images.{first}.png\n{new string('b', 20)}");
            var catalog = BlobCatalog.Load(path);
            Assert.Equal(1, catalog.Count);
            var second = new string('c', 32);
            catalog.Add(second, $"26/01/02/test.images.{second}");
            var reloaded = BlobCatalog.Load(path);
            Assert.Equal($"26/01/01/test.images.{first}.png", reloaded.Find(first));
            Assert.Equal($"26/01/02/test.images.{second}", reloaded.Find(second));
            Assert.Null(reloaded.Find(new string('b', 32)));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Blob_ids_are_an_md5_and_an_optional_file_type()
    {
        Assert.True(BlobId.TryParse("9439D99E6B0157B11BC6775F8B0E2490.PNG", out var id, out _));
        Assert.Equal(("9439d99e6b0157b11bc6775f8b0e2490", "png"), (id.Hash, id.Extension));
        Assert.Equal("test.images.9439d99e6b0157b11bc6775f8b0e2490.png", id.FileName("test", "images"));
        Assert.True(BlobId.TryParse("9439d99e6b0157b11bc6775f8b0e2490", out id, out _));
        Assert.Equal("9439d99e6b0157b11bc6775f8b0e2490", id.ToString());
        Assert.False(BlobId.TryParse("9439d99e6b0157b11bc6775f8b0e249", out _, out var error));
        Assert.Contains("32 hex digits", error, StringComparison.Ordinal);
        Assert.False(BlobId.TryParse("9439d99e6b0157b11bc6775f8b0e2490.p/g", out _, out error));
        Assert.False(BlobId.TryParse("../../etc/passwd", out _, out _));
    }
}
