namespace EdgeNode.Core.Hosting;

/// <summary>
/// The node home and the directories under it (SPEC §1 Variables): <c>&lt;home&gt;/EdgeLake/blockchain</c> and
/// <c>&lt;home&gt;/EdgeLake/data/{prep,watch,bkup,error,dbms,archive,distr,pem,test,blobs,bwatch,tmp}</c>. The
/// <c>EdgeLake</c> folder name is kept so existing deployment scripts and docs point at the right places.
/// </summary>
public sealed class NodePaths(string home)
{
    public string Home { get; } = Path.GetFullPath(home);

    public string Root => Path.Combine(Home, "EdgeLake");

    public string BlockchainDir => Path.Combine(Root, "blockchain");

    public string DataDir => Path.Combine(Root, "data");

    public string ScriptsDir => Path.Combine(Root, "scripts");

    public string LogDir => Path.Combine(DataDir, "logs");

    /// <summary>Dictionary key → data directory name under <c>EdgeLake/data</c>.</summary>
    public static readonly IReadOnlyList<(string Key, string Folder)> DataDirectories =
    [
        ("prep_dir", "prep"),
        ("watch_dir", "watch"),
        ("bkup_dir", "bkup"),
        ("err_dir", "error"),
        ("dbms_dir", "dbms"),
        ("archive_dir", "archive"),
        ("distr_dir", "distr"),
        ("pem_dir", "pem"),
        ("test_dir", "test"),
        ("blobs_dir", "blobs"),
        ("bwatch_dir", "bwatch"),
        ("tmp_dir", "tmp"),
    ];

    /// <summary>Every path-valued dictionary key with its value.</summary>
    public IEnumerable<(string Key, string Value)> DictionaryEntries()
    {
        yield return ("anylog_path", Home);
        yield return ("edgenode_path", Home);
        yield return ("blockchain_dir", BlockchainDir);
        yield return ("blockchain_file", Path.Combine(BlockchainDir, "blockchain.json"));
        yield return ("blockchain_new", Path.Combine(BlockchainDir, "blockchain.new"));
        yield return ("blockchain_sql", Path.Combine(BlockchainDir, "blockchain.sql"));
        yield return ("local_scripts", ScriptsDir);
        yield return ("log_dir", LogDir);
        foreach (var (key, folder) in DataDirectories) yield return (key, Path.Combine(DataDir, folder));
        yield return ("error_dir", Path.Combine(DataDir, "error"));
    }

    /// <summary>Creates every directory (<c>create work directories</c>).</summary>
    public void CreateAll()
    {
        Directory.CreateDirectory(BlockchainDir);
        Directory.CreateDirectory(ScriptsDir);
        Directory.CreateDirectory(LogDir);
        foreach (var (_, folder) in DataDirectories) Directory.CreateDirectory(Path.Combine(DataDir, folder));
    }
}
