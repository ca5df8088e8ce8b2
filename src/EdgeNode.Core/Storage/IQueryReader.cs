namespace EdgeNode.Core.Storage;

/// <summary>
/// A forward-only result set that streams rows from the database; dispose it to release the connection. Values are
/// <see cref="long"/>, <see cref="double"/>, <see cref="decimal"/>, <see cref="bool"/>, <see cref="string"/>,
/// <see cref="DateTime"/> (UTC), <see cref="DateOnly"/>, <see cref="TimeOnly"/>, <see cref="Guid"/>, <c>byte[]</c> or null.
/// SQLite has no date types: its timestamps, dates, times and uuids come back as the stored text
/// (<c>yyyy-MM-dd HH:mm:ss.ffffff</c>...), which prints the same as PostgreSQL's typed values and loads back through
/// <see cref="IBulkLoad.SetValue"/> unchanged.
/// </summary>
public interface IQueryReader : IAsyncDisposable
{
    IReadOnlyList<string> Columns { get; }

    ValueTask<bool> ReadAsync(CancellationToken cancellation);

    object? GetValue(int column);
}
