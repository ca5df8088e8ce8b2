using EdgeNode.Core.Ingest;
using System.Text.Json;
using EdgeNode.Core.Metadata;
using EdgeNode.Core.Storage;
using EdgeNode.Ingest.Operator;
using EdgeNode.Core.Output;

namespace EdgeNode.Ingest.Mapping;

/// <summary>
/// Mapping policies for the operator (files named with <c>instructions</c>), on the same engine that maps messages of
/// <c>run msg client</c> topics: one bring-path evaluator and one type conversion for both.
/// </summary>
internal sealed class PolicyMappingEngine : IMappingPolicyEngine
{
    public IRowMapping Compile(Policy mappingPolicy)
    {
        var body = JsonSerializer.SerializeToElement(mappingPolicy.Body, NodeJsonContext.Default.JsonObject);
        return new PolicyRowMapping(MappingCompiler.FromPolicy(body), DeclaredColumns(body));
    }

    /// <summary>The columns with the SQL type the policy declares (<c>varchar</c>, <c>float</c>, <c>char(8)</c>...).</summary>
    private static List<MappedColumnType> DeclaredColumns(JsonElement body)
    {
        var columns = new List<MappedColumnType>();
        foreach (var column in body.GetProperty("schema").EnumerateObject())
        {
            var declared = column.Value.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String ? type.GetString()! : "varchar";
            var (sqlType, length) = ColumnTypes.Parse(declared);
            columns.Add(new MappedColumnType(ColumnNames.Normalize(column.Name),
                sqlType == ColumnType.Unknown ? ColumnType.Varchar : sqlType, length));
        }
        return columns;
    }

    private sealed class PolicyRowMapping(MessageMapping mapping, IReadOnlyList<MappedColumnType> columns) : IRowMapping
    {
        // the engine's buffers are reused per thread: the operator maps rows of one file on one worker
        [ThreadStatic] private static MappedRows? t_rows;

        public IReadOnlyList<MappedColumnType> Columns => columns;

        public void Map(JsonElement row, DateTime now, MappedFileRows output)
        {
            var rows = t_rows ??= new MappedRows();
            rows.Clear();
            mapping.Map(row, now, rows);
            foreach (var table in rows.Tables) output.AddLines(table.Dbms, table.Table, table.Data.Span);
        }
    }
}
