using EdgeNode.Core.Storage;

namespace EdgeNode.Storage.Loading;

/// <summary>Wraps an engine's <see cref="LoadSession"/> so engine exceptions surface as <see cref="StorageException"/>.</summary>
internal sealed class GuardedSession(LoadSession inner, SqlEngine engine) : LoadSession
{
    public override async ValueTask WriteRowAsync(string table, IReadOnlyList<ColumnSchema> columns, RowBuffer row,
        CancellationToken cancellation)
    {
        try
        {
            await inner.WriteRowAsync(table, columns, row, cancellation);
        }
        catch (Exception e) when (e is not StorageException && engine.Translate(e) is { } translated)
        {
            throw translated;
        }
    }

    public override async ValueTask LockAsync(CancellationToken cancellation)
    {
        try
        {
            await inner.LockAsync(cancellation);
        }
        catch (Exception e) when (e is not StorageException && engine.Translate(e) is { } translated)
        {
            throw translated;
        }
    }

    public override async ValueTask<int> ExecuteAsync(string sql, IReadOnlyList<object?>? parameters, CancellationToken cancellation)
    {
        try
        {
            return await inner.ExecuteAsync(sql, parameters, cancellation);
        }
        catch (Exception e) when (e is not StorageException && engine.Translate(e) is { } translated)
        {
            throw translated;
        }
    }

    public override async ValueTask EnsureTableAsync(IReadOnlyList<string> ddl, CancellationToken cancellation)
    {
        try
        {
            await inner.EnsureTableAsync(ddl, cancellation);
        }
        catch (Exception e) when (e is not StorageException && engine.Translate(e) is { } translated)
        {
            throw translated;
        }
    }

    public override async ValueTask CommitAsync(CancellationToken cancellation)
    {
        try
        {
            await inner.CommitAsync(cancellation);
        }
        catch (Exception e) when (e is not StorageException && engine.Translate(e) is { } translated)
        {
            throw translated;
        }
    }

    public override ValueTask DisposeAsync() => inner.DisposeAsync();
}
