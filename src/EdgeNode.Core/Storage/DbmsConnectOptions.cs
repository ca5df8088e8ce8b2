namespace EdgeNode.Core.Storage;

/// <summary>
/// <c>connect dbms &lt;name&gt; where type = sqlite|psql [and ip, port, user, password, memory = true]</c>.
/// SQLite keeps a file <c>&lt;Directory&gt;/&lt;name&gt;.dbms</c> (or RAM with <see cref="Memory"/>); PostgreSQL maps the
/// logical DBMS to a database of the same name on the server, created when missing.
/// </summary>
public sealed record DbmsConnectOptions(string Name, DbmsEngine Engine)
{
    /// <summary>Folder of SQLite files (the node's <c>dbms_dir</c>).</summary>
    public string Directory { get; init; } = "";

    public bool Memory { get; init; }

    public string Host { get; init; } = "127.0.0.1";

    public int Port { get; init; } = 5432;

    public string User { get; init; } = "postgres";

    public string? Password { get; init; }

    /// <summary>
    /// SQLite: the page size of a new database file (512 to 65536, a power of two); null keeps SQLite's 4 KB. Large pages
    /// store large values (blobs) in far fewer overflow pages. An existing file keeps the size it was created with.
    /// </summary>
    public int? PageSize { get; init; }

    /// <summary>SQLite: the page cache of each pooled connection, in KB; null keeps the node's default (4 MB).</summary>
    public int? CacheKb { get; init; }

    /// <summary>PostgreSQL: create tables UNLOGGED (much faster writes, emptied by a server crash), as EdgeLake's <c>unlog = true</c>.</summary>
    public bool Unlogged { get; init; }
}
