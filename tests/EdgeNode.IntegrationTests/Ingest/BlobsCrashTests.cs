using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace EdgeNode.IntegrationTests.Ingest;

/// <summary>
/// Blobs across crashes: a real edgenode process takes images over REST (<c>type: blob</c>) while its archiver stores
/// them in SQLite and in the folder archive and its operator loads their rows; it is killed with SIGKILL at random
/// moments (each time after it acknowledged new images, so kills land in uploads, archiving and loads) and restarted on
/// the same home; an image the node did not acknowledge is sent again, as a client does. At the end every acknowledged
/// image is in the database once, in the archive once, byte-identical, and its row is in the table once; no row is there
/// twice and no file is left waiting.
/// </summary>
public sealed class BlobsCrashTests
{
    private const int Kills = 6;
    private const int ImagesPerRound = 8;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_node_killed_while_it_archives_holds_every_acknowledged_blob_once()
    {
        var seed = Environment.TickCount;
        var random = new Random(seed);
        var home = Directory.CreateTempSubdirectory("edgenode-it-blobcrash-").FullName;
        var data = Path.Combine(home, "EdgeLake", "data");
        var port = FreePort.Get();
        var script = Path.Combine(home, "blobs.al");
        await File.WriteAllTextAsync(script, string.Join('\n',
            "connect dbms almgm where type = sqlite",
            "create table tsd_info where dbms = almgm",
            "connect dbms test where type = sqlite",
            "connect dbms blobs_test where type = sqlite",
            $"run rest server where internal_ip = 127.0.0.1 and internal_port = {port} and bind = true and timeout = 60",
            $"run operator where policy = {OperatorNode.OperatorId} and update_tsd_info = true and delete_json = true",
            "run blobs archiver where dbms = true and folder = true and compress = false",
            ""), Token);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", "AnyLog/1.23");
        var sizes = GeneratedBlobs.Sizes(Kills * ImagesPerRound, largest: 2 * 1024 * 1024).OrderBy(_ => random.Next()).ToList();
        var acknowledged = new List<int>();
        var log = new StringBuilder($"seed {seed}\n");
        try
        {
            await using (var first = NodeProcess.Start(home))
            {
                Assert.Equal("", await first.RunAsync("create work directories"));
                await first.RunAsync($"new_policy = {OperatorNode.ClusterPolicy}");
                Assert.Equal("", await first.RunAsync("blockchain insert where policy = !new_policy and local = true"));
                await first.RunAsync($"new_policy = {OperatorNode.OperatorPolicy}");
                Assert.Equal("", await first.RunAsync("blockchain insert where policy = !new_policy and local = true"));
            }
            var next = 0;
            var interrupted = 0;
            for (var kill = 1; kill <= Kills; kill++)
            {
                await using var node = NodeProcess.Start(home, "process", script);
                await WaitForRestAsync(http, node);
                var before = acknowledged.Count;
                // uploads go on while the node dies: the kill lands after a random number of images and a random delay
                var killAfter = random.Next(1, ImagesPerRound);
                var uploads = Task.Run(async () =>
                {
                    for (var i = 0; i < ImagesPerRound && next < sizes.Count; i++, next++)
                    {
                        if (!await TryPutAsync(http, next, Image(next, sizes))) return;
                        lock (acknowledged) acknowledged.Add(next);
                    }
                }, Token);
                while (!uploads.IsCompleted && Count(acknowledged) - before < killAfter) await Task.Delay(2, Token);
                await Task.Delay(random.Next(0, 40), Token);
                node.Signal(9);
                Assert.True(await node.WaitForExitAsync(NodeProcess.EventBudget), "the node did not die on SIGKILL");
                await uploads;
                var waiting = Directory.GetFiles(Path.Combine(data, "bwatch")).Length + Directory.GetFiles(Path.Combine(data, "blobs")).Length;
                if (waiting > 0) interrupted++;
                log.Append(CultureInfo.InvariantCulture, $"kill {kill}: {Count(acknowledged)} acknowledged, next image {next}, {waiting} files left to archive\n");
            }
            Assert.True(interrupted > 0, $"no kill interrupted the archiver\n{log}");

            await using (var node = NodeProcess.Start(home, "process", script))
            {
                await WaitForRestAsync(http, node);
                await Eventually.HoldsAsync(() => Directory.GetFiles(Path.Combine(data, "bwatch")).Length == 0
                                                  && Directory.GetFiles(Path.Combine(data, "watch")).Length == 0,
                    $"the last row files archived and loaded\n{log}", NodeProcess.EventBudget);
                var rows = await QueryAsync(http, "test", "select seq, file from images");
                var seqs = rows.Select(r => r["seq"]!.GetValue<int>()).ToList();
                Assert.True(seqs.Count == seqs.Distinct().Count(), $"a row loaded twice: {string.Join(",", seqs.Order())}\n{log}");
                var stored = (await QueryAsync(http, "blobs_test", "select hash, file_size from images")).ToDictionary(r => r["hash"]!.GetValue<string>().Trim(),
                    r => r["file_size"]!.GetValue<long>());
                var archive = GeneratedBlobs.FilesUnder(Path.Combine(data, "blobs")).Where(f => !f.StartsWith("catalog", StringComparison.Ordinal)).ToList();
                foreach (var seq in acknowledged)
                {
                    var image = Image(seq, sizes);
                    var hash = GeneratedBlobs.Md5(image);
                    Assert.True(seqs.Contains(seq), $"the row of acknowledged image {seq} is missing\n{log}");
                    Assert.True(stored.TryGetValue(hash, out var size) && size == image.Length, $"acknowledged image {seq} is not in blobs_test\n{log}");
                    Assert.Single(archive, f => f.Contains(hash, StringComparison.Ordinal));
                    Assert.Equal(hash, GeneratedBlobs.Md5(await GetAsync(http, hash)));
                }
                // what was not acknowledged is stored whole or not at all, and nothing is left waiting
                Assert.All(archive, f => Assert.Matches(@"^\d\d/\d\d/\d\d/test\.images\.[0-9a-f]{32}\.png$", f));
                Assert.Equal(stored.Count, archive.Count);
                Assert.Empty(Directory.GetFiles(Path.Combine(data, "blobs")));
                // an upload killed between its blob and its row left the blob alone: set aside at the next start (the client sends
                // it again, unacknowledged); a resent upload that had in fact arrived whole brings its rows twice: the operator
                // refuses the second file as a duplicate (its rows are in the table once, checked above)
                foreach (var error in Directory.GetFiles(Path.Combine(data, "error"), "*.reason.txt"))
                    Assert.Matches("its upload was interrupted before its row was written|duplicate JSON file: hash [0-9a-f]{32} was loaded before",
                        await File.ReadAllTextAsync(error, Token));
            }
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    private static byte[] Image(int seq, IReadOnlyList<int> sizes) => GeneratedBlobs.Image(seq, sizes[seq]);

    private static int Count(List<int> acknowledged)
    {
        lock (acknowledged) return acknowledged.Count;
    }

    /// <summary>PUTs one image; true when the node acknowledged it, false when the node died first.</summary>
    private static async Task<bool> TryPutAsync(HttpClient http, int seq, byte[] image)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "/") { Content = new ByteArrayContent(image) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        foreach (var (name, value) in new[] { ("type", "blob"), ("dbms", "test"), ("table", "images"), ("row", $"{{\"seq\": {seq}}}") })
            request.Headers.TryAddWithoutValidation(name, value);
        try
        {
            using var response = await http.SendAsync(request, Token);
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Token));
            return true;
        }
        catch (HttpRequestException)
        {
            return false; // killed while it received the image: not acknowledged
        }
    }

    private static async Task WaitForRestAsync(HttpClient http, NodeProcess node)
    {
        var deadline = DateTime.UtcNow + NodeProcess.EventBudget;
        while (true)
        {
            try
            {
                using var response = await http.GetAsync("/health", Token);
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            Assert.True(DateTime.UtcNow < deadline && !node.HasExited, $"the node's REST server did not come up\n{node.Output}\n{node.Errors}");
            await Task.Delay(50, Token);
        }
    }

    private static async Task<List<JsonNode>> QueryAsync(HttpClient http, string dbms, string sql)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.TryAddWithoutValidation("command", $"sql {dbms} format = json and stat = false \"{sql}\"");
        using var response = await http.SendAsync(request, Token);
        var text = await response.Content.ReadAsStringAsync(Token);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!["Query"]!.AsArray().Select(r => r!).ToList();
    }

    private static async Task<byte[]> GetAsync(HttpClient http, string hash)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.TryAddWithoutValidation("command", $"file retrieve where dbms = test and table = images and id = {hash}");
        using var response = await http.SendAsync(request, Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync(Token);
    }
}
