using System.Text;
using EdgeNode.Core.Storage;
using EdgeNode.Query.Planning;
using EdgeNode.Query.Sql;

namespace EdgeNode.Query.Execution;

/// <summary>
/// A table the rows of a query are written to. In <c>system_query</c> (SPEC §12 step 5) it is leased from the
/// <see cref="ConsolidationTablePool"/>: emptied, filled as rows arrive (multi-row INSERTs), read by the consolidation
/// query, and handed back for the next query of the same shape. A small answer costs one database call: emptying,
/// inserting and the consolidation query go in one batch. Without a pool it is the table of <c>dest = dbms</c>: created
/// when missing and kept.
/// </summary>
internal sealed class ConsolidationTable(IDbms dbms, string name, IReadOnlyList<RemoteColumn> columns, ConsolidationTablePool? pool = null)
    : IAsyncDisposable
{
    private readonly List<object?[]> _pending = [];
    private readonly int _batch = Math.Clamp(30_000 / Math.Max(1, columns.Count), 1, 256);
    private string? _fullInsert;
    private bool _prepared;

    public string Name { get; } = name;

    public long Rows { get; private set; }

    /// <summary>The column list in the engine's types, which is also the shape tables are reused by.</summary>
    public static string ColumnList(IReadOnlyList<RemoteColumn> columns, DbmsEngine engine) =>
        "(" + string.Join(", ", columns.Select(c => $"{SqlWriter.Quote(c.Name)} {ExpressionTypes.Declaration(c.Type, engine)}".TrimEnd())) + ")";

    public string CreateStatement => $"CREATE TABLE IF NOT EXISTS {SqlWriter.Quote(Name)} {ColumnList(columns, dbms.Engine)}";

    /// <summary>Creates the table when missing and, when leased, empties what the previous query left.</summary>
    private string Preparation => pool is null ? CreateStatement : $"{CreateStatement}; DELETE FROM {SqlWriter.Quote(Name)}";

    public async ValueTask AddAsync(object?[] row, CancellationToken cancellation)
    {
        _pending.Add(row);
        Rows++;
        if (_pending.Count >= _batch) await FlushAsync(cancellation);
    }

    /// <summary>Writes the rows not yet written (the table exists afterwards).</summary>
    public async Task CompleteAsync(CancellationToken cancellation)
    {
        await FlushAsync(cancellation);
        if (!_prepared) await PrepareAsync("", [], cancellation);
    }

    /// <summary>Runs the consolidation query over the table (its FROM names this table).</summary>
    public async Task<IQueryReader> QueryAsync(string sql, CancellationToken cancellation)
    {
        if (_prepared || dbms.Engine != DbmsEngine.Sqlite)
        {
            await CompleteAsync(cancellation);
            return await dbms.QueryAsync(sql, null, cancellation);
        }
        // everything in one call: prepare, insert the buffered rows, query
        var (insert, parameters) = TakePending();
        _prepared = true;
        return await dbms.QueryAsync(insert.Length == 0 ? $"{Preparation}; {sql}" : $"{Preparation}; {insert}; {sql}", parameters, cancellation);
    }

    private async Task FlushAsync(CancellationToken cancellation)
    {
        if (_pending.Count == 0) return;
        var (insert, parameters) = TakePending();
        if (_prepared) await dbms.ExecuteAsync(insert, parameters, cancellation);
        else await PrepareAsync(insert, parameters, cancellation);
    }

    private async Task PrepareAsync(string insert, object?[] parameters, CancellationToken cancellation)
    {
        if (dbms.Engine == DbmsEngine.Sqlite)
        {
            await dbms.ExecuteAsync(insert.Length == 0 ? Preparation : $"{Preparation}; {insert}", parameters, cancellation);
        }
        else
        {
            await dbms.ExecuteAsync(CreateStatement, null, cancellation);
            if (insert.Length > 0) await dbms.ExecuteAsync(insert, parameters, cancellation);
        }
        _prepared = true;
    }

    /// <summary>The INSERT of the buffered rows and their values, the buffer emptied ("" when there is none).</summary>
    private (string Insert, object?[] Parameters) TakePending()
    {
        if (_pending.Count == 0) return ("", []);
        var insert = _pending.Count == _batch ? _fullInsert ??= Insert(_batch) : Insert(_pending.Count);
        var parameters = new object?[_pending.Count * columns.Count];
        var p = 0;
        foreach (var row in _pending)
            foreach (var value in row) parameters[p++] = value;
        _pending.Clear();
        return (insert, parameters);
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

    /// <summary>A leased table goes back to the pool (its rows are deleted by the next lease), or is dropped when it held many rows.</summary>
    public async ValueTask DisposeAsync()
    {
        if (pool is null || !_prepared) return;
        if (Rows <= ConsolidationTablePool.KeepRows)
        {
            pool.Return(dbms, ColumnList(columns, dbms.Engine), Name);
            return;
        }
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
