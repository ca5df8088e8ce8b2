using EdgeNode.Core.Metadata;
using Microsoft.Data.Sqlite;

namespace EdgeNode.TestSupport;

/// <summary>
/// The master's ledger table on a real SQLite file, with the statements of <see cref="LedgerTableSql"/>: what the
/// Storage module does on 'connect dbms blockchain', for tests of the master side before storage is wired in.
/// </summary>
public sealed class SqliteLedgerTable(string file) : ILedgerTable
{
    private readonly string _connection = new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString();

    public bool IsConnected => true;

    public async Task CreateAsync(CancellationToken cancellation)
    {
        foreach (var statement in LedgerTableSql.CreateTable("sqlite")) await ExecuteAsync(statement, null, null, cancellation);
    }

    public async Task<bool> InsertAsync(LedgerRow row, CancellationToken cancellation) =>
        await ExecuteAsync(LedgerTableSql.Insert, row, null, cancellation) == 1;

    public async Task<bool> ReplaceAsync(string policyId, LedgerRow row, CancellationToken cancellation) =>
        await ExecuteAsync(LedgerTableSql.Replace, row, policyId, cancellation) == 1;

    public Task<int> DeleteAsync(string policyId, CancellationToken cancellation) =>
        ExecuteAsync(LedgerTableSql.Delete, null, null, cancellation, ("@policy_id", policyId));

    public Task<int> DeleteByHostAsync(string host, CancellationToken cancellation) =>
        ExecuteAsync(LedgerTableSql.DeleteByHost, null, null, cancellation, ("@host", host));

    public async Task<IReadOnlyList<LedgerRow>> ExportAsync(CancellationToken cancellation)
    {
        await using var connection = new SqliteConnection(_connection);
        await connection.OpenAsync(cancellation);
        await using var command = connection.CreateCommand();
        command.CommandText = LedgerTableSql.Export;
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        var rows = new List<LedgerRow>();
        while (await reader.ReadAsync(cancellation))
            rows.Add(new LedgerRow(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetString(3), reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetString(6)));
        return rows;
    }

    private async Task<int> ExecuteAsync(string sql, LedgerRow? row, string? oldId, CancellationToken cancellation,
        params (string Name, string Value)[] parameters)
    {
        await using var connection = new SqliteConnection(_connection);
        await connection.OpenAsync(cancellation);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (row is not null)
        {
            var values = LedgerTableSql.Values(row);
            for (var i = 0; i < values.Length; i++) command.Parameters.AddWithValue(LedgerTableSql.Parameters[i], values[i] ?? DBNull.Value);
        }
        if (oldId is not null) command.Parameters.AddWithValue("@old_policy_id", oldId);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return await command.ExecuteNonQueryAsync(cancellation);
    }
}
