using System.Text;
using EdgeNode.Core.Storage;
using EdgeNode.Query.Planning;
using EdgeNode.Query.Sql;

namespace EdgeNode.Query.Execution;

/// <summary>
/// The table of one query in the query node's in-memory <c>system_query</c> database (SPEC §12 step 5:
/// <c>query_&lt;job&gt;</c>): rows of every operator go in as they arrive, in multi-row INSERTs, the consolidation query
/// reads them, and the table is dropped afterwards. A small result costs one statement (CREATE + INSERT) before the query.
/// With <paramref name="keep"/> it is the table of <c>dest = dbms</c>: created when missing and kept.
/// </summary>
internal sealed class ConsolidationTable(IDbms dbms, string name, IReadOnlyList<RemoteColumn> columns, bool keep = false) : IAsyncDisposable
{
    private readonly List<object?[]> _pending = [];
    private readonly int _batch = Math.Clamp(30_000 / Math.Max(1, columns.Count), 1, 256);
    private string? _fullInsert;
    private bool _created;

    public string Name { get; } = name;

    public long Rows { get; private set; }

    public string CreateStatement =>
        $"CREATE TABLE {(keep ? "IF NOT EXISTS " : "")}{SqlWriter.Quote(Name)} (" +
        string.Join(", ", columns.Select(c => $"{SqlWriter.Quote(c.Name)} {ExpressionTypes.Declaration(c.Type, dbms.Engine)}".TrimEnd())) + ")";

    /// <summary>Writes the rows not yet written (the table exists afterwards).</summary>
    public async Task CompleteAsync(CancellationToken cancellation)
    {
        await FlushAsync(cancellation);
        if (!_created) await CreateAsync("", [], cancellation);
    }

    public async ValueTask AddAsync(object?[] row, CancellationToken cancellation)
    {
        _pending.Add(row);
        Rows++;
        if (_pending.Count >= _batch) await FlushAsync(cancellation);
    }

    /// <summary>Runs the consolidation query over the table (its FROM names this table).</summary>
    public async Task<IQueryReader> QueryAsync(string sql, CancellationToken cancellation)
    {
        await CompleteAsync(cancellation);
        return await dbms.QueryAsync(sql, null, cancellation);
    }

    private async Task FlushAsync(CancellationToken cancellation)
    {
        if (_pending.Count == 0) return;
        var insert = _pending.Count == _batch ? _fullInsert ??= Insert(_batch) : Insert(_pending.Count);
        var parameters = new object?[_pending.Count * columns.Count];
        var p = 0;
        foreach (var row in _pending)
            foreach (var value in row) parameters[p++] = value;
        _pending.Clear();
        if (_created) await dbms.ExecuteAsync(insert, parameters, cancellation);
        else await CreateAsync(insert, parameters, cancellation);
    }

    private async Task CreateAsync(string insert, object?[] parameters, CancellationToken cancellation)
    {
        if (insert.Length == 0 || dbms.Engine != DbmsEngine.Sqlite)
        {
            await dbms.ExecuteAsync(CreateStatement, null, cancellation);
            if (insert.Length > 0) await dbms.ExecuteAsync(insert, parameters, cancellation);
        }
        else
        {
            await dbms.ExecuteAsync(CreateStatement + "; " + insert, parameters, cancellation);
        }
        _created = true;
    }

    private string Insert(int rows)
    {
        var builder = new StringBuilder(32 + rows * columns.Count * 6).Append("INSERT INTO ").Append(SqlWriter.Quote(Name)).Append(" VALUES ");
        var p = 0;
        for (var r = 0; r < rows; r++)
        {
            builder.Append(r == 0 ? "(" : ",(");
            for (var c = 0; c < columns.Count; c++) builder.Append(c == 0 ? "@p" : ",@p").Append(p++);
            builder.Append(')');
        }
        return builder.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_created || keep) return;
        try
        {
            await dbms.ExecuteAsync($"DROP TABLE IF EXISTS {SqlWriter.Quote(Name)}", null, CancellationToken.None);
        }
        catch (StorageException)
        {
            // the database closed meanwhile (disconnect, shutdown): the table went with it
        }
    }
}
