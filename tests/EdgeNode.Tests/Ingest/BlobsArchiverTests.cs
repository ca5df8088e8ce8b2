using System.IO.Compression;
using System.Text.RegularExpressions;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Storage;

namespace EdgeNode.Tests.Ingest;

/// <summary>
/// The blobs archiver on a real node (SQLite, real files): what it shows, where blobs end up, what it rejects, and the
/// states a crash can leave at each step, taken up where they stopped.
/// </summary>
public sealed class BlobsArchiverTests : IAsyncLifetime
{
    private readonly TestNode _node = new();

    private string BlobsDir => _node.Var("blobs_dir")!;
    private string BwatchDir => _node.Var("bwatch_dir")!;
    private string WatchDir => _node.Var("watch_dir")!;
    private string ErrDir => _node.Var("err_dir")!;

    public async ValueTask InitializeAsync() => await _node.OkAsync("create work directories");

    public ValueTask DisposeAsync() => _node.DisposeAsync();

    private static string Fixture(string name) =>
        File.ReadAllText(Path.Combine(ReferenceOutputs.Directory, "blobs", name));

    private static string Row(string id, string camera = "c1") => $"{{\"camera\": \"{camera}\", \"file\": \"{id}\"}}";

    /// <summary>Waits until bwatch_dir is empty and returns the rows the archiver handed to the watch dir.</summary>
    private async Task<IReadOnlyList<string>> PassedRowsAsync(int files = 1)
    {
        await OperatorNode.WaitUntilAsync(() => Task.FromResult(Directory.GetFiles(BwatchDir).Length == 0 && Directory.GetFiles(WatchDir).Length >= files),
            "the row files handed to the watch dir", explain: () => string.Join('\n', Directory.GetFiles(ErrDir, "*.reason.txt").Select(File.ReadAllText)));
        return Directory.GetFiles(WatchDir).SelectMany(File.ReadAllLines).ToList();
    }

    private Task<string> InsertPolicyAsync(string policy)
    {
        _node.Node.Dictionary.Set("p", policy);
        return _node.OkAsync("blockchain insert where policy = !p and local = true");
    }

    private async Task<byte[]> RetrieveAsync(string id, string table = "images")
    {
        var path = await _node.OkAsync($"file retrieve where dbms = test and table = {table} and id = {id}");
        return await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Get_processes_shows_edgelakes_flags_and_a_second_run_is_refused_until_exit()
    {
        Assert.Equal(Fixture("get_blobs_archiver_inactive.txt"), await _node.OkAsync("get blobs archiver"));
        await _node.OkAsync("run blobs archiver where dbms = false and folder = true and compress = true and reuse_blobs = false");
        static string ArchiverRow(string table) =>
            Regex.Match(table, @"Blobs Archiver \|Running +\|[^|\r\n]*\|").Value;
        Assert.Equal(ArchiverRow(Fixture("get_processes_blobs.txt")), ArchiverRow(await _node.OkAsync("get processes")));
        Assert.Contains("\"Blobs Archiver\": {\"Status\": \"Running\", \"Details\": \"Flags: dbms = False, folder = True, compress = True, reuse_blobs = False\"}",
            await _node.OkAsync("get processes where format = json"), StringComparison.Ordinal);
        Assert.Equal(Fixture("get_blobs_archiver_idle.txt"), await _node.OkAsync("get blobs archiver"));

        var second = await _node.RunAsync("run blobs archiver where dbms = false and folder = true");
        Assert.Equal(ErrorCode.ProcessAlreadyRunning, second.Code);
        Assert.Contains("use 'exit archiver' first", second.Text, StringComparison.Ordinal);
        await _node.OkAsync("exit blobs archiver");
        Assert.Contains("Blobs Archiver |Not declared|", await _node.OkAsync("get processes"), StringComparison.Ordinal);
        await _node.OkAsync("run blobs archiver where dbms = false and folder = true and compress = false and reuse_blobs = true");
        Assert.Contains("Flags: dbms = False, folder = True, compress = False, reuse_blobs = True", await _node.OkAsync("get processes"), StringComparison.Ordinal);
        await _node.OkAsync("exit archiver");
        Assert.Equal(ErrorCode.WrongOptionType, (await _node.RunAsync("run blobs archiver where dbms = false and folder = false")).Code);
    }

    [Fact]
    public async Task The_folder_archive_keeps_each_blob_gzipped_under_its_day_and_the_rows_go_on_to_the_operator()
    {
        await _node.OkAsync("run blobs archiver where dbms = false and folder = true and compress = true");
        var images = Enumerable.Range(1, 3).Select(i => GeneratedBlobs.Image(i, 20_000 * i)).ToList();
        var ids = images.Select(image => GeneratedBlobs.Drop(BlobsDir, "test", "images", image)).ToList();
        GeneratedBlobs.DropRows(BwatchDir, "test.images.cam1.0.0.json", ids.Select((id, i) => Row(id, $"c{i}")).ToArray());

        var rows = await PassedRowsAsync();
        Assert.Equal(ids.Select((id, i) => Row(id, $"c{i}")), rows);
        var watched = Path.GetFileName(Assert.Single(Directory.GetFiles(WatchDir)));
        Assert.Matches(@"^test\.images\.cam1\.[0-9a-f]{32}\.0\.json$", watched);
        var day = DateTime.UtcNow.ToString("yy/MM/dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(ids.Select(id => $"{day}/test.images.{id}.gz").Order(StringComparer.Ordinal),
            GeneratedBlobs.FilesUnder(BlobsDir).Where(f => !f.StartsWith("catalog", StringComparison.Ordinal)));
        for (var i = 0; i < ids.Count; i++)
        {
            await using var gzip = new GZipStream(File.OpenRead(Path.Combine(BlobsDir, day, $"test.images.{ids[i]}.gz")), CompressionMode.Decompress);
            using var copy = new MemoryStream();
            await gzip.CopyToAsync(copy, TestContext.Current.CancellationToken);
            Assert.Equal(images[i], copy.ToArray());
            Assert.Equal(images[i], await RetrieveAsync(ids[i]));
        }
        var report = await _node.OkAsync("get blobs archiver");
        Assert.Matches(@"Source JSON\s*\|\s+1\|\s+0\|", report);
        Assert.Matches($@"test\.images\|\s+3\|\s+0\|\s*\|{ids[^1]}", report);
    }

    [Fact]
    public async Task A_sqlite_blobs_database_keeps_a_blob_sent_twice_once()
    {
        await _node.OkAsync("connect dbms blobs_test where type = sqlite");
        await _node.OkAsync("run blobs archiver where dbms = true and folder = false");
        var image = GeneratedBlobs.Image(7, 100_000);
        var id = GeneratedBlobs.Drop(BlobsDir, "test", "images", image);
        GeneratedBlobs.DropRows(BwatchDir, "test.images.cam1.0.0.json", Row(id, "c1"));
        await PassedRowsAsync();
        GeneratedBlobs.Drop(BlobsDir, "test", "images", image);
        GeneratedBlobs.DropRows(BwatchDir, "test.images.cam2.0.0.json", Row(id, "c2"));
        Assert.Equal(2, (await PassedRowsAsync(files: 2)).Count);

        var stored = await _node.OkAsync("sql blobs_test format = json \"select hash, file_id, file_size, length(data) as bytes from images\"");
        Assert.Contains($"{{\"hash\":\"{id[..32]}\",\"file_id\":\"{id}\",\"file_size\":100000,\"bytes\":100000}}", stored, StringComparison.Ordinal);
        Assert.Contains("\"Count\": 1", stored, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(BlobsDir));
        Assert.Equal(image, await RetrieveAsync(id));
        Assert.Equal(image, await RetrieveAsync(id[..32]));
    }

    [Fact]
    public async Task Rows_wait_for_a_blobs_database_that_is_not_connected_and_go_on_once_it_is()
    {
        await _node.OkAsync("run blobs archiver where dbms = true and folder = false");
        var id = GeneratedBlobs.Drop(BlobsDir, "test", "images", GeneratedBlobs.Image(3, 5_000));
        GeneratedBlobs.DropRows(BwatchDir, "test.images.0.0.0.json", Row(id));
        await OperatorNode.WaitUntilAsync(async () => (await _node.OkAsync("get blobs archiver")).Contains("DBMS not connected", StringComparison.Ordinal),
            "the archiver reporting the missing DBMS");
        Assert.Single(Directory.GetFiles(BwatchDir));
        Assert.Empty(Directory.GetFiles(WatchDir));
        Assert.Contains(_node.Node.Log.Errors.Entries(), e => e.Message.Contains(
            "DBMS 'blobs_test' is not connected: blobs of 'test' are stored there (connect dbms blobs_test where type = sqlite", StringComparison.Ordinal));
        await _node.OkAsync("connect dbms blobs_test where type = sqlite");
        Assert.Single(await PassedRowsAsync());
        Assert.Empty(Directory.GetFiles(ErrDir));
    }

    [Fact]
    public async Task Blobs_over_the_limit_or_not_matching_their_hash_go_to_the_error_dir_with_their_rows_and_the_others_pass()
    {
        await _node.OkAsync("run blobs archiver where dbms = false and folder = true and max_size = 50KB");
        var good = GeneratedBlobs.Drop(BlobsDir, "test", "images", GeneratedBlobs.Image(1, 10_000));
        var large = GeneratedBlobs.Drop(BlobsDir, "test", "images", GeneratedBlobs.Image(2, 60_000));
        var claimed = GeneratedBlobs.Md5(GeneratedBlobs.Image(3, 1_000)) + ".png";
        GeneratedBlobs.Drop(BlobsDir, "test", "images", GeneratedBlobs.Image(4, 1_000), id: claimed);
        const string missing = "0123456789abcdef0123456789abcdef.png";
        GeneratedBlobs.DropRows(BwatchDir, "test.images.0.0.0.json", Row(good, "good"), Row(large, "large"), Row(claimed, "claimed"),
            Row(missing, "missing"), "{\"camera\": \"no blob\"}");

        Assert.Equal([Row(good, "good")], await PassedRowsAsync());
        var errors = GeneratedBlobs.FilesUnder(ErrDir);
        string Reason(string start) => File.ReadAllText(Path.Combine(ErrDir, Assert.Single(errors,
            f => f.StartsWith(start, StringComparison.Ordinal) && f.EndsWith(".reason.txt", StringComparison.Ordinal))));
        Assert.Contains("error: 90 Blob larger than the size limit", Reason($"test.images.{large}.err_90."), StringComparison.Ordinal);
        Assert.Contains("has 60,000 bytes, more than max_size (51,200 bytes)", Reason($"test.images.{large}.err_90."), StringComparison.Ordinal);
        Assert.Contains($"the md5 of its content is {GeneratedBlobs.Md5(GeneratedBlobs.Image(4, 1_000))}, not {claimed[..32]}",
            Reason($"test.images.{claimed}.err_91."), StringComparison.Ordinal);
        Assert.Contains(errors, f => Regex.IsMatch(f, $@"^test\.images\.{large}\.err_90\.\d+$"));
        Assert.Contains(errors, f => Regex.IsMatch(f, $@"^test\.images\.{claimed}\.err_91\.\d+$"));
        var rejectedRows = await File.ReadAllLinesAsync(Path.Combine(ErrDir, Assert.Single(errors, f => f.EndsWith(".json", StringComparison.Ordinal))),
            TestContext.Current.CancellationToken);
        Assert.Equal([Row(large, "large"), Row(claimed, "claimed"), Row(missing, "missing"), "{\"camera\": \"no blob\"}"], rejectedRows);
        Assert.Contains("has no 'file' value", Reason("test.images.0.0.0.err_90."), StringComparison.Ordinal);
        Assert.Contains($"blob test.images.{missing} is not in", Reason("test.images.0.0.0.err_90."), StringComparison.Ordinal);
        Assert.Matches(@"Source JSON\s*\|\s+0\|\s+1\|Blob larger than the size limit\|test\.images\.0\.0\.0\.json\s*\|", await _node.OkAsync("get blobs archiver"));
    }

    [Fact]
    public async Task With_reuse_blobs_rows_point_at_a_blob_stored_before_and_without_it_such_rows_are_rejected()
    {
        await _node.OkAsync("run blobs archiver where dbms = false and folder = true and reuse_blobs = true");
        var image = GeneratedBlobs.Image(5, 30_000);
        var id = GeneratedBlobs.Drop(BlobsDir, "test", "images", image);
        GeneratedBlobs.DropRows(BwatchDir, "test.images.a.0.0.json", Row(id, "first"));
        await PassedRowsAsync();
        GeneratedBlobs.DropRows(BwatchDir, "test.images.b.0.0.json", Row(id, "again, without the blob"));
        GeneratedBlobs.Drop(BlobsDir, "test", "images", image);
        GeneratedBlobs.DropRows(BwatchDir, "test.images.c.0.0.json", Row(id, "again, with the blob"));
        Assert.Equal(3, (await PassedRowsAsync(files: 3)).Count);
        Assert.Single(GeneratedBlobs.FilesUnder(BlobsDir), f => f.EndsWith(id, StringComparison.Ordinal));
        Assert.Empty(Directory.GetFiles(BlobsDir));

        var never = GeneratedBlobs.Md5(GeneratedBlobs.Image(6, 10)) + ".png";
        GeneratedBlobs.DropRows(BwatchDir, "test.images.d.0.0.json", Row(never));
        await OperatorNode.WaitUntilAsync(() => Task.FromResult(Directory.GetFiles(ErrDir, "test.images.d.0.0.err_8.*.json").Length == 1), "the row file in the error dir");
        Assert.Equal(3, Directory.GetFiles(WatchDir).Length);
    }

    [Fact]
    public async Task A_mapping_policy_names_the_blob_columns_of_its_rows()
    {
        await InsertPolicyAsync("{\"mapping\": {\"id\": \"two-blobs\", \"dbms\": \"test\", \"table\": \"scans\", \"schema\": {" +
                                       "\"front\": {\"type\": \"varchar\", \"bring\": \"[front]\", \"blob\": true, \"hash\": \"md5\", \"extension\": \"jpg\"}, " +
                                       "\"back\": {\"type\": \"varchar\", \"bring\": \"[back]\", \"blob\": true, \"hash\": \"md5\", \"extension\": \"jpg\"}}}}");
        await _node.OkAsync("run blobs archiver where dbms = false and folder = true");
        var front = GeneratedBlobs.Drop(BlobsDir, "test", "scans", GeneratedBlobs.Image(8, 2_000), "jpg");
        var back = GeneratedBlobs.Drop(BlobsDir, "test", "scans", GeneratedBlobs.Image(9, 3_000), "jpg");
        GeneratedBlobs.DropRows(BwatchDir, "test.scans.0.0.two-blobs.json", $"{{\"front\": \"{front}\", \"back\": \"{back}\"}}");
        await PassedRowsAsync();
        Assert.Matches(@"^test\.scans\.0\.[0-9a-f]{32}\.0\.json$", Path.GetFileName(Assert.Single(Directory.GetFiles(WatchDir))));
        Assert.Equal(GeneratedBlobs.Image(8, 2_000), await RetrieveAsync(front, "scans"));
        Assert.Equal(GeneratedBlobs.Image(9, 3_000), await RetrieveAsync(back, "scans"));
    }

    [Fact]
    public async Task A_crash_after_a_blob_was_archived_leaves_it_archived_once_and_passes_its_rows_once()
    {
        var first = GeneratedBlobs.Image(11, 4_000);
        var second = GeneratedBlobs.Image(12, 5_000);
        var firstId = GeneratedBlobs.Drop(BlobsDir, "test", "images", first);
        var secondId = GeneratedBlobs.Drop(BlobsDir, "test", "images", second);
        // the state a crash leaves after the first blob was archived, before the second: catalog line, archived file, row file
        Directory.CreateDirectory(Path.Combine(BlobsDir, "20", "01", "02"));
        File.Move(Path.Combine(BlobsDir, $"test.images.{firstId}"), Path.Combine(BlobsDir, "20", "01", "02", $"test.images.{firstId}"));
        Directory.CreateDirectory(Path.Combine(BlobsDir, "catalog"));
        await File.WriteAllTextAsync(Path.Combine(BlobsDir, "catalog", "test.images.txt"),
            $"{firstId[..32]} 20/01/02/test.images.{firstId}\n{secondId[..32]} 20/01/02/test.images.{secondId}\n{secondId[..20]}",
            TestContext.Current.CancellationToken); // the second blob's line written, a torn line after it
        GeneratedBlobs.DropRows(BwatchDir, "test.images.0.0.0.json", Row(firstId), Row(secondId));

        await _node.OkAsync("run blobs archiver where dbms = false and folder = true");
        Assert.Equal([Row(firstId), Row(secondId)], await PassedRowsAsync());
        Assert.Equal(new[] { $"20/01/02/test.images.{firstId}", $"20/01/02/test.images.{secondId}" }.Order(StringComparer.Ordinal),
            GeneratedBlobs.FilesUnder(BlobsDir).Where(f => !f.StartsWith("catalog", StringComparison.Ordinal)));
        Assert.Equal(first, await RetrieveAsync(firstId));
        Assert.Equal(second, await RetrieveAsync(secondId));
    }

    [Fact]
    public async Task A_crash_after_the_database_took_a_blob_but_before_it_left_blobs_dir_keeps_one_copy()
    {
        await _node.OkAsync("connect dbms blobs_test where type = sqlite");
        var image = GeneratedBlobs.Image(13, 64_000);
        var id = GeneratedBlobs.Drop(BlobsDir, "test", "images", image);
        await _node.OkAsync($"file store where dbms = test and table = images and source = {Path.Combine(BlobsDir, $"test.images.{id}")}");
        GeneratedBlobs.DropRows(BwatchDir, "test.images.0.0.0.json", Row(id));

        await _node.OkAsync("run blobs archiver where dbms = true and folder = false");
        Assert.Single(await PassedRowsAsync());
        Assert.Empty(Directory.GetFiles(BlobsDir));
        var database = _node.Node.Services.Get<IDbmsRegistry>().Find("blobs_test")!;
        Assert.Equal(1, await database.CountRowsAsync("images", TestContext.Current.CancellationToken));
        Assert.Equal(image, await RetrieveAsync(id));
    }

    [Fact]
    public async Task A_crash_after_the_gzipped_copy_was_written_but_before_the_blob_left_blobs_dir_keeps_one_copy()
    {
        var image = GeneratedBlobs.Image(14, 9_000);
        var id = GeneratedBlobs.Drop(BlobsDir, "test", "images", image);
        var archived = Path.Combine(BlobsDir, "21", "03", "04", $"test.images.{id}.gz");
        Directory.CreateDirectory(Path.GetDirectoryName(archived)!);
        await using (var gzip = new GZipStream(File.Create(archived), CompressionLevel.Fastest)) gzip.Write(image);
        Directory.CreateDirectory(Path.Combine(BlobsDir, "catalog"));
        await File.WriteAllTextAsync(Path.Combine(BlobsDir, "catalog", "test.images.txt"), $"{id[..32]} 21/03/04/test.images.{id}.gz\n",
            TestContext.Current.CancellationToken);
        GeneratedBlobs.DropRows(BwatchDir, "test.images.0.0.0.json", Row(id));

        await _node.OkAsync("run blobs archiver where dbms = false and folder = true and compress = true and reuse_blobs = true");
        Assert.Single(await PassedRowsAsync());
        Assert.Equal([$"21/03/04/test.images.{id}.gz"], GeneratedBlobs.FilesUnder(BlobsDir).Where(f => !f.StartsWith("catalog", StringComparison.Ordinal)));
        Assert.Equal(image, await RetrieveAsync(id));
    }

    [Fact]
    public async Task File_store_checks_the_hash_and_file_retrieve_writes_the_blob_where_asked()
    {
        var image = GeneratedBlobs.Image(15, 12_345);
        var source = Path.Combine(_node.Var("prep_dir")!, "camera1.png");
        await File.WriteAllBytesAsync(source, image, TestContext.Current.CancellationToken);
        var md5 = GeneratedBlobs.Md5(image);

        var wrong = await _node.RunAsync($"file store where dbms = test and table = images and hash = {new string('0', 32)} and source = {source}");
        Assert.Equal(ErrorCode.BlobHashMismatch, wrong.Code);
        Assert.Contains($"is {md5}, not 00000000000000000000000000000000", wrong.Text, StringComparison.Ordinal);
        Assert.Equal(ErrorCode.FileNotFound, (await _node.RunAsync($"file retrieve where dbms = test and table = images and id = {md5}")).Code);

        // no archiver and no blobs_test: the folder archive of !blobs_dir; EdgeLake's 'file =' and 'dbms = blobs_..' spellings
        Assert.Equal($"Blob {md5}.png of test.images stored in the folder archive {BlobsDir}",
            await _node.OkAsync($"file store where dbms = blobs_test and table = images and hash = {md5.ToUpperInvariant()} and file = {source}"));
        Assert.True(File.Exists(source));
        var dest = Path.Combine(_node.Home, "out");
        Directory.CreateDirectory(dest);
        Assert.Equal(Path.Combine(dest, $"test.images.{md5}.png"),
            await _node.OkAsync($"file retrieve where dbms = test and table = images and id = {md5}.png and dest = {dest}"));
        Assert.Equal(image, await File.ReadAllBytesAsync(Path.Combine(dest, $"test.images.{md5}.png"), TestContext.Current.CancellationToken));
        await _node.OkAsync($"file retrieve where dbms = blobs_test and table = images and hash = {md5} and dest = {dest}/copy.bin and dest_key = got");
        Assert.Equal(Path.Combine(dest, "copy.bin"), _node.Var("got"));
        Assert.Equal(ErrorCode.WrongOptionType, (await _node.RunAsync("file retrieve where dbms = test and table = images and id = not-a-hash")).Code);
    }

    [Fact]
    public async Task At_start_blobs_left_by_a_crash_without_their_row_are_deleted_when_stored_and_set_aside_when_not()
    {
        var past = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        string Old(string path)
        {
            File.SetLastWriteTimeUtc(path, past);
            return path;
        }
        var storedImage = GeneratedBlobs.Image(21, 3_000);
        var stored = GeneratedBlobs.Drop(BlobsDir, "test", "images", storedImage);
        await _node.OkAsync($"file store where dbms = test and table = images and source = {Path.Combine(BlobsDir, $"test.images.{stored}")}");
        Old(Path.Combine(BlobsDir, $"test.images.{stored}")); // stored, but its deletion undone
        var lost = GeneratedBlobs.Drop(BlobsDir, "test", "images", GeneratedBlobs.Image(22, 3_000));
        Old(Path.Combine(BlobsDir, $"test.images.{lost}")); // its upload died before its row
        var waiting = GeneratedBlobs.Drop(BlobsDir, "test", "images", GeneratedBlobs.Image(23, 3_000));
        Old(Path.Combine(BlobsDir, $"test.images.{waiting}")); // its row waits: archived as usual
        GeneratedBlobs.DropRows(BwatchDir, "test.images.0.0.0.json", Row(waiting));
        await File.WriteAllTextAsync(Path.Combine(BlobsDir, "test.images.half.png.transfer"), "partial", TestContext.Current.CancellationToken);
        Old(Path.Combine(BlobsDir, "test.images.half.png.transfer")); // a write a crash interrupted

        await _node.OkAsync("run blobs archiver where dbms = false and folder = true");
        Assert.Equal([Row(waiting)], await PassedRowsAsync());
        Assert.Empty(Directory.GetFiles(BlobsDir));
        var aside = Assert.Single(Directory.GetFiles(ErrDir, "*.reason.txt"));
        Assert.StartsWith($"test.images.{lost}.err_9.", Path.GetFileName(aside), StringComparison.Ordinal);
        Assert.Contains("its upload was interrupted before its row was written", await File.ReadAllTextAsync(aside, TestContext.Current.CancellationToken),
            StringComparison.Ordinal);
        Assert.Equal(storedImage, await RetrieveAsync(stored));
    }

    [Fact]
    public async Task A_message_naming_a_blob_by_its_path_is_taken_only_from_a_directory_the_network_may_read()
    {
        await InsertPolicyAsync("{\"mapping\": {\"id\": \"by-path\", \"dbms\": \"test\", \"table\": \"frames\", \"schema\": {" +
                                       "\"camera\": {\"type\": \"str\", \"bring\": \"[camera]\"}, " +
                                       "\"file\": {\"type\": \"varchar\", \"bring\": \"[path]\", \"blob\": true, \"hash\": \"md5\", \"apply\": \"file\", \"extension\": \"jpg\"}}}}");
        await _node.OkAsync("run msg client where broker = rest and user-agent = anylog and topic = (name = frames and policy = by-path)");
        await _node.OkAsync("run blobs archiver where dbms = false and folder = true");
        var topics = _node.Node.Services.Get<EdgeNode.Core.Ingest.ITopicIngest>();
        var image = GeneratedBlobs.Image(31, 8_000);
        var frame = Path.Combine(_node.Var("tmp_dir")!, "frame1.jpg");
        await File.WriteAllBytesAsync(frame, image, TestContext.Current.CancellationToken);
        async Task<EdgeNode.Core.Ingest.IngestResult> PublishAsync(string path) =>
            await topics.IngestMessageAsync("rest", "frames", "anylog", System.Text.Encoding.UTF8.GetBytes($"{{\"camera\": \"c1\", \"path\": \"{path}\"}}"),
                TestContext.Current.CancellationToken);

        var outside = await PublishAsync("/etc/hostname");
        Assert.Equal(ErrorCode.JsonError, outside.Code);
        Assert.Contains("'/etc/hostname' is outside the directories peers may read", outside.Detail, StringComparison.Ordinal);
        Assert.False((await PublishAsync(frame)).IsError);
        var id = GeneratedBlobs.Md5(image) + ".jpg";
        Assert.Equal([$"{{\"camera\":\"c1\",\"file\":\"{id}\"}}"], await PassedRowsAsync());
        Assert.Equal(image, await RetrieveAsync(id, "frames"));
        Assert.True(File.Exists(frame)); // the file named is copied, not taken away
    }
}
