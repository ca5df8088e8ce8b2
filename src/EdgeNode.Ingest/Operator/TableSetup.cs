using System.Collections.Concurrent;
using System.Text.Json;
using EdgeNode.Core;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Storage;
using EdgeNode.Ingest.Json;

namespace EdgeNode.Ingest.Operator;

/// <summary>
/// Makes a table ready for loading (SPEC §5 steps 3 and 4): an existing local table gets a table policy if the network
/// has none; a missing one is created from its table policy, else from the file's JSON (and the policy published); the
/// operator's cluster is then told it serves the table. Also adapts the local table to schema drift (<see cref="SchemaDrift"/>),
/// leaving a published table policy as it is.
/// Both run under the table's gate, so a table's first file and its schema changes never race.
/// </summary>
internal sealed class TableSetup(Node node, OperatorOptions options, OperatorPolicies policies)
{
    private readonly ConcurrentDictionary<(string, string), OperatorTable> _tables = new();

    public OperatorTable Get(string dbms, string table) => _tables.GetOrAdd((dbms, table), static key => new OperatorTable(key.Item1, key.Item2));

    /// <summary>A table known to be ready (for write-immediate streaming), or null.</summary>
    public ColumnPlan? ReadyPlan(string dbms, string table) => _tables.TryGetValue((dbms, table), out var known) ? known.Plan : null;

    /// <summary>The table was dropped or changed behind the operator's back: set it up again on its next file.</summary>
    public static void Forget(OperatorTable table) => table.Plan = null;

    /// <summary>
    /// The load plan of a ready table, setting the table up first if needed. <paramref name="declared"/> are column types a
    /// mapping policy declares; without them a new table's columns are inferred from <paramref name="content"/>.
    /// </summary>
    public async Task<ColumnPlan> ReadyAsync(OperatorTable table, IDbms dbms, ReadOnlyMemory<byte> content,
        IReadOnlyList<InferredColumn>? declared, CancellationToken cancellation)
    {
        if (table.Plan is { } ready) return ready;
        await table.Gate.WaitAsync(cancellation);
        try
        {
            if (table.Plan is { } raced) return raced;
            var schema = await dbms.GetSchemaAsync(table.Name, cancellation);
            if (schema is null)
            {
                await CreateAsync(table, dbms, content, declared, cancellation);
                schema = await dbms.GetSchemaAsync(table.Name, cancellation)
                         ?? throw new OperatorException(ErrorCode.TableNotFound, $"table '{table.Name}' was not created in DBMS '{dbms.Name}'");
            }
            else if (options.CreateTable && !policies.HasTablePolicy(table.Dbms, table.Name)
                     && await dbms.GetCreateStatementAsync(table.Name, cancellation) is { } create)
            {
                await policies.PublishTableAsync(table.Dbms, table.Name, create, cancellation);
            }
            await policies.AssignClusterAsync(table.Dbms, table.Name, cancellation);
            var plan = new ColumnPlan(schema);
            table.Plan = plan;
            return plan;
        }
        finally
        {
            table.Gate.Release();
        }
    }

    private async Task CreateAsync(OperatorTable table, IDbms dbms, ReadOnlyMemory<byte> content, IReadOnlyList<InferredColumn>? declared,
        CancellationToken cancellation)
    {
        if (node.Services.Find<Core.Metadata.IMetadata>()?.GetTablePolicy(table.Dbms, table.Name)?.Text("create") is { Length: > 0 } fromPolicy)
        {
            await dbms.CreateTableAsync(fromPolicy, cancellation);
            node.Log.Event($"Operator: created table {table.Dbms}.{table.Name} from its table policy");
            return;
        }
        if (!options.CreateTable)
            throw new OperatorException(ErrorCode.TableNotFound,
                $"table '{table.Name}' does not exist in DBMS '{table.Dbms}', no table policy declares it, and create_table = false");
        var columns = declared ?? Infer(JsonRows.Parse(content.Span));
        if (columns.Count == 0)
            throw new OperatorException(ErrorCode.JsonError, $"the file has no attributes to create table '{table.Name}' from");
        // published before the table is created, as EdgeLake does: peers can query the table as soon as rows arrive; the
        // table is created from the same text (the SQLite schema then reads as EdgeLake's, reference sqlite_schema_test_dbms.txt)
        var create = TableSchemaBuilder.PolicyCreate(table.Name, columns, options.UpdateTsdInfo);
        await policies.PublishTableAsync(table.Dbms, table.Name, create, cancellation);
        await dbms.CreateTableAsync(create, cancellation);
        node.Log.Event($"Operator: created table {table.Dbms}.{table.Name} with {columns.Count} columns inferred from the data");
    }

    private static IReadOnlyList<InferredColumn> Infer(IReadOnlyList<JsonElement> rows)
    {
        var builder = new TableSchemaBuilder();
        foreach (var row in rows) builder.Add(row);
        return builder.Columns;
    }

    /// <summary>
    /// Changes the table so that the file's rows fit (new columns, wider types); <paramref name="failure"/> is why the load
    /// stopped. Throws <see cref="OperatorException"/> when no allowed change makes the file fit.
    /// </summary>
    public async Task AdaptAsync(OperatorTable table, IDbms dbms, ReadOnlyMemory<byte> content, string failure, CancellationToken cancellation)
    {
        await table.Gate.WaitAsync(cancellation);
        try
        {
            var schema = await dbms.GetSchemaAsync(table.Name, cancellation)
                         ?? throw new OperatorException(ErrorCode.TableNotFound, $"table '{table.Name}' no longer exists in DBMS '{dbms.Name}'");
            var changes = SchemaDrift.Plan(schema, JsonRows.Parse(content.Span));
            if (changes.Count == 0)
            {
                if (table.Plan is { } cached && SameColumns(cached.Schema, schema))
                    throw new OperatorException(ErrorCode.DataTypeMismatch, $"{failure}; {SchemaDrift.Rule}");
                table.Plan = new ColumnPlan(schema); // another file changed the table meanwhile
                return;
            }
            foreach (var change in changes)
            {
                if (change.IsNew) await dbms.AddColumnAsync(table.Name, change.Column, change.Type, change.Length, cancellation);
                else await dbms.WidenColumnAsync(table.Name, change.Column, change.Type, change.Length, cancellation);
            }
            schema = await dbms.GetSchemaAsync(table.Name, cancellation)
                     ?? throw new OperatorException(ErrorCode.TableNotFound, $"table '{table.Name}' no longer exists in DBMS '{dbms.Name}'");
            table.Plan = new ColumnPlan(schema);
            // a table policy is a contract the network reads (query nodes take the columns from it): once published it is
            // never replaced, as EdgeLake's operators never replace it; the change stays in this node's database
            if (policies.HasTablePolicy(table.Dbms, table.Name))
                node.Log.Event($"Operator: local table {table.Dbms}.{table.Name} changed for new data ({string.Join(", ", changes)}); " +
                               "its table policy is left as published");
            else if (options.CreateTable && await dbms.GetCreateStatementAsync(table.Name, cancellation) is { } create)
                await policies.PublishTableAsync(table.Dbms, table.Name, create, cancellation);
        }
        finally
        {
            table.Gate.Release();
        }
    }

    private static bool SameColumns(TableSchema a, TableSchema b) =>
        a.Columns.Count == b.Columns.Count
        && a.Columns.Zip(b.Columns).All(p => p.First.Name.Equals(p.Second.Name, StringComparison.OrdinalIgnoreCase)
                                             && p.First.Type == p.Second.Type && p.First.Length == p.Second.Length);
}
