using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace EdgeNode.IntegrationTests.Ingest;

/// <summary>
/// Images with the rows that describe them, the way devices send them: 100 generated images of 10 KB to 5 MB (half
/// over REST PUT with <c>type: blob</c>, half as base64 in MQTT messages through mosquitto and a mapping policy with a
/// blob column) go through the blobs archiver into SQLite, PostgreSQL or the folder archive, and their rows through the
/// operator into the table. Every row is queried, and every image comes back byte for byte (md5 checked) from the
/// operator over REST and from a query node (REST with a destination, and <c>run client</c>), both by TCP.
/// The sizes keep both ends (10 KB and 5 MB) but are skewed towards small images, as a test run's time allows: 15 of the
/// 100 are over 1 MB, 49 MB in all (the benchmark, <c>bench ... blobs</c>, spreads them evenly: 86 MB).
/// </summary>
public sealed class BlobsNetworkTests(PostgresFixture postgres)
{
    private const int Images = 100;
    private const string Table = "images";
    private const string MappingPolicy =
        "{\"mapping\": {\"id\": \"image-map\", \"dbms\": \"[dbms]\", \"table\": \"images\", \"schema\": {" +
        "\"camera\": {\"type\": \"str\", \"bring\": \"[camera]\"}, \"seq\": {\"type\": \"int\", \"bring\": \"[seq]\"}, " +
        "\"file\": {\"type\": \"varchar\", \"bring\": \"[image]\", \"blob\": true, \"hash\": \"md5\", \"extension\": \"png\", \"apply\": \"base64decoding\"}}}}";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    [InlineData("folder")]
    public async Task Images_over_rest_and_mqtt_are_queryable_and_come_back_byte_identical_from_the_operator_and_a_query_node(string store)
    {
        var dbms = PostgresFixture.UniqueDatabase("img");
        var archiver = store == "folder"
            ? "dbms = false and folder = true and compress = true"
            : "dbms = true and folder = false";
        var blobsConnect = store switch
        {
            "postgresql" => (await postgres.ServerAsync()).ConnectOptions,
            "sqlite" => "type = sqlite",
            _ => null,
        };
        await using var mosquitto = await MosquittoServer.StartAsync();
        await using var network = await BlobsNetwork.StartAsync(dbms, blobsConnect, archiver);
        await network.SubscribeAsync(mosquitto.Port, MappingPolicy.Replace("[dbms]", dbms, StringComparison.Ordinal));

        var sizes = GeneratedBlobs.Sizes(Images, skew: 2);
        var images = sizes.Select((size, seq) => GeneratedBlobs.Image(seq, size)).ToList();
        var ids = images.Select(image => GeneratedBlobs.Md5(image) + ".png").ToList();
        for (var seq = 0; seq < Images; seq += 2)
            Assert.Equal(GeneratedBlobs.Md5(images[seq]), await network.PutAsync(images[seq], $"{{\"camera\": \"rest\", \"seq\": {seq}}}"));
        var messages = Directory.CreateTempSubdirectory("blob-messages-").FullName;
        try
        {
            for (var seq = 1; seq < Images; seq += 2)
            {
                var message = Path.Combine(messages, $"{seq}.json");
                await File.WriteAllTextAsync(message, $"{{\"camera\": \"mqtt\", \"seq\": {seq}, \"image\": \"{Convert.ToBase64String(images[seq])}\"}}", Token);
                var published = await MosquittoClients.PublishFileAsync(mosquitto.Port, "cameras/frames", message, "-q", "1");
                Assert.True(published.ExitCode == 0, published.Errors);
            }
        }
        finally
        {
            Directory.Delete(messages, recursive: true);
        }

        await network.Operator.WaitForRowsAsync(Table, Images, dbms);
        var rows = await network.Operator.QueryAsync($"select seq, camera, file from {Table} order by seq", dbms);
        Assert.Equal(Enumerable.Range(0, Images), rows.Select(r => r!["seq"]!.GetValue<int>()));
        Assert.Equal(ids, rows.Select(r => r!["file"]!.GetValue<string>()));
        Assert.Equal(Images / 2, rows.Count(r => r!["camera"]!.GetValue<string>().Trim() == "mqtt"));
        Assert.Equal((Images, Images), await network.QueryNodeCountAsync(Table));
        if (store == "folder")
            Assert.Equal(Images, GeneratedBlobs.FilesUnder(network.Operator.Node.Var("blobs_dir")!).Count(f => f.EndsWith(".png.gz", StringComparison.Ordinal)));
        else
            Assert.Equal(Images, await network.Operator.CountAsync(Table, $"blobs_{dbms}"));

        for (var seq = 0; seq < Images; seq++)
        {
            var (fromOperator, type) = await network.GetAsync(network.OperatorRest, ids[seq], destination: null);
            Assert.Equal(GeneratedBlobs.Md5(images[seq]), GeneratedBlobs.Md5(fromOperator));
            Assert.Equal("image/png", type);
            var (fromQueryNode, _) = await network.GetAsync(network.QueryRest, ids[seq], destination: network.OperatorTcp);
            Assert.Equal(images[seq].Length, fromQueryNode.Length);
            Assert.Equal(GeneratedBlobs.Md5(images[seq]), GeneratedBlobs.Md5(fromQueryNode));
        }
        var largest = await network.RunClientRetrieveAsync(ids[^1]);
        Assert.Equal(images[^1], largest);
        Assert.Empty(Directory.GetFiles(network.Operator.ErrDir));
        Assert.Matches($@"Source JSON\s*\|\s+{Images}\|\s+0\|", await network.Operator.Node.OkAsync("get blobs archiver"));
    }

    [Fact]
    public async Task Blobs_over_the_size_limit_or_not_matching_their_hash_are_refused_with_the_reason_and_kept_in_the_error_dir()
    {
        var dbms = PostgresFixture.UniqueDatabase("bad");
        await using var mosquitto = await MosquittoServer.StartAsync();
        await using var network = await BlobsNetwork.StartAsync(dbms, "type = sqlite", "dbms = true and folder = false and max_size = 1MB");
        await network.SubscribeAsync(mosquitto.Port, MappingPolicy.Replace("[dbms]", dbms, StringComparison.Ordinal));
        var errors = network.Operator.ErrDir;

        var large = GeneratedBlobs.Image(1, 1_100_000);
        var (status, body) = await network.PutRawAsync(large, "{\"camera\": \"rest\", \"seq\": 1}");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains($"Blob larger than the size limit: blob {dbms}.{Table}.{GeneratedBlobs.Md5(large)}.png has 1,100,000 bytes, more than max_size (1,048,576 bytes) (kept in the error dir)",
            body, StringComparison.Ordinal);
        var kept = Path.Combine(errors, Assert.Single(Directory.GetFiles(errors, $"{dbms}.{Table}.{GeneratedBlobs.Md5(large)}.png.err_90.*"), f => !f.EndsWith(".txt", StringComparison.Ordinal)));
        Assert.Equal(large, await File.ReadAllBytesAsync(kept, Token));

        var image = GeneratedBlobs.Image(2, 50_000);
        (status, body) = await network.PutRawAsync(image, "{\"camera\": \"rest\", \"seq\": 2}", hash: new string('0', 32));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains($"the md5 of its content is {GeneratedBlobs.Md5(image)}, not 00000000000000000000000000000000", body, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(errors, "*.err_91.*.reason.txt"));

        var message = Path.Combine(errors, "..", "large-message.json");
        await File.WriteAllTextAsync(message, $"{{\"camera\": \"mqtt\", \"seq\": 3, \"image\": \"{Convert.ToBase64String(GeneratedBlobs.Image(3, 1_200_000))}\"}}", Token);
        Assert.Equal(0, (await MosquittoClients.PublishFileAsync(mosquitto.Port, "cameras/frames", message, "-q", "1")).ExitCode);
        await OperatorNode.WaitUntilAsync(() => Task.FromResult(Directory.GetFiles(errors, "*.err_90.*.reason.txt").Length == 2), "the message's blob in the error dir");

        // a good one still goes through
        Assert.Equal(GeneratedBlobs.Md5(image), await network.PutAsync(image, "{\"camera\": \"rest\", \"seq\": 4}"));
        await network.Operator.WaitForRowsAsync(Table, 1, dbms);
        Assert.Empty(Directory.GetFiles(network.Operator.Node.Var("blobs_dir")!));
    }

    [Fact]
    public async Task Edgelakes_rest_upload_stores_a_file_sent_raw_or_as_a_form_and_rest_reads_it_back()
    {
        var dbms = PostgresFixture.UniqueDatabase("up");
        await using var network = await BlobsNetwork.StartAsync(dbms, "type = sqlite", "dbms = true and folder = false");
        var pdf = GeneratedBlobs.Image(1, 70_000);
        var md5 = GeneratedBlobs.Md5(pdf);

        using (var raw = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new ByteArrayContent(pdf) })
        {
            raw.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            raw.Headers.TryAddWithoutValidation("command", $"file store where dbms = {dbms} and table = docs and dest = manual.pdf");
            using var stored = await network.OperatorRest.SendAsync(raw, Token);
            Assert.Equal($"Blob {md5}.pdf of {dbms}.docs stored in DBMS blobs_{dbms}", await stored.Content.ReadAsStringAsync(Token));
        }
        using (var form = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new MultipartFormDataContent { { new ByteArrayContent(pdf), "file", "scan.pdf" } } })
        {
            form.Headers.TryAddWithoutValidation("command", $"file store where dbms = {dbms} and table = scans and hash = {new string('f', 32)}");
            using var refused = await network.OperatorRest.SendAsync(form, Token);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains($"is {md5}, not ffffffffffffffffffffffffffffffff", await refused.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
        }
        using (var form = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new MultipartFormDataContent { { new ByteArrayContent(pdf), "file", "scan.pdf" } } })
        {
            form.Headers.TryAddWithoutValidation("command", $"file store where dbms = {dbms} and table = scans and hash = {md5}");
            using var stored = await network.OperatorRest.SendAsync(form, Token);
            Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.TryAddWithoutValidation("command", $"file retrieve where dbms = blobs_{dbms} and table = scans and id = {md5}");
        using var response = await network.OperatorRest.SendAsync(request, Token);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(pdf, await response.Content.ReadAsByteArrayAsync(Token));
        Assert.Equal(2, await network.Operator.CountAsync("docs", $"blobs_{dbms}") + await network.Operator.CountAsync("scans", $"blobs_{dbms}"));
        Assert.Empty(Directory.GetFileSystemEntries(network.Operator.Node.Var("tmp_dir")!));
    }
}
