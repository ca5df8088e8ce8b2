using System.Data.Common;
using EdgeNode.Core.Storage;

namespace EdgeNode.Storage;

/// <summary>An <see cref="IQueryReader"/> over an ADO.NET reader; owns the connection and returns it on dispose.</summary>
internal sealed class DataReaderQuery(SqlEngine engine, DbConnection connection, DbCommand command, DbDataReader reader) : IQueryReader
{
    private string[]? _columns;

    public IReadOnlyList<string> Columns => _columns ??= Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();

    public async ValueTask<bool> ReadAsync(CancellationToken cancellation)
    {
        try
        {
            return await reader.ReadAsync(cancellation);
        }
        catch (Exception e) when (engine.Translate(e) is { } translated)
        {
            throw translated;
        }
    }

    public object? GetValue(int column) => reader.IsDBNull(column) ? null : engine.ReadValue(reader, column);

    public async ValueTask DisposeAsync()
    {
        await reader.DisposeAsync();
        await command.DisposeAsync();
        await connection.DisposeAsync();
    }
}
