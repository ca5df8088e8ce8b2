using Microsoft.Data.Sqlite;

namespace EdgeNode.InteropTests.Answers;

/// <summary>
/// One in-memory SQLite database holding every row the network holds (timestamps in the sortable stored form
/// <c>yyyy-MM-dd HH:mm:ss.ffffff</c>): what a distributed query must answer is what this database answers.
/// </summary>
public sealed class ReferenceDatabase : IDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    public ReferenceDatabase(IReadOnlyDictionary<string, IReadOnlyList<InteropRow>> tables)
    {
        _connection.Open();
        foreach (var (table, rows) in tables)
        {
            Execute($"create table {table} (timestamp text, device text, value real, status integer)");
            foreach (var row in rows)
            {
                using var insert = _connection.CreateCommand();
                insert.CommandText = $"insert into {table} values ($t, $d, $v, $s)";
                insert.Parameters.AddWithValue("$t", row.Timestamp.ToString("yyyy-MM-dd HH:mm:ss.ffffff", System.Globalization.CultureInfo.InvariantCulture));
                insert.Parameters.AddWithValue("$d", row.Device);
                insert.Parameters.AddWithValue("$v", row.Value);
                insert.Parameters.AddWithValue("$s", row.Status);
                insert.ExecuteNonQuery();
            }
        }
    }

    public Answer Query(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var labels = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
        var rows = new List<IReadOnlyList<Cell>>();
        while (reader.Read()) rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => Cell.FromDatabase(reader.GetValue(i))).ToList());
        return new Answer(labels, rows);
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose() => _connection.Dispose();
}
