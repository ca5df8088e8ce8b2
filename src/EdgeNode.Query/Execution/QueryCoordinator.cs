using System.Collections.Concurrent;
using EdgeNode.Core;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Metadata;
using EdgeNode.Core.Network;
using EdgeNode.Core.Query;
using EdgeNode.Core.Storage;
using EdgeNode.Query.Monitoring;
using EdgeNode.Query.Output;
using EdgeNode.Query.Planning;
using EdgeNode.Query.Sql;

namespace EdgeNode.Query.Execution;

/// <summary>
/// The query node's side of <c>run client (...) sql</c> (SPEC §12): checks the command, finds the table's columns (the
/// local table, else its <c>table</c> policy) and the operators, and hands the query to a <see cref="QueryRun"/>.
/// </summary>
internal sealed class QueryCoordinator(Node node, QueryJobs jobs) : IQueryCoordinator
{
    public const string SystemQuery = "system_query";

    private readonly ConcurrentDictionary<string, TableSchema> _policySchemas = new(StringComparer.Ordinal);
    private readonly ConsolidationTablePool _tables = new();

    public async Task<CommandResult?> TryRunAsync(NetworkQuery query, CommandContext context)
    {
        QueryRequest request;
        try
        {
            request = QueryRequest.Parse(query.Command.Skip(1).ToArray());
        }
        catch (CommandSyntaxException e)
        {
            return CommandResult.Error(e.Code, e.Message);
        }
        if (!IsQuery(request.Statement))
        {
            if (query.Destinations.Count > 0) return null;
            return CommandResult.Error(ErrorCode.DestinationNotProvided,
                $"run client () sends queries (select ...) to the operators that host the table, and '{Shorten(request.Statement)}' is not one " +
                "(options go between the DBMS name and the statement: sql [dbms] format = table and stat = false \"select ...\"); " +
                "name the nodes for other statements: run client (ip:port) sql ...");
        }
        if (request.Subset is { } subset) query = query with { Subset = subset };
        if (request.Timeout is { } timeout) query = query with { Timeout = timeout };
        if (node.Services.Find<IPeerClient>() is not { CanReceiveReplies: true } peers)
            return CommandResult.Error(ErrorCode.NetworkNotAvailable,
                "the TCP server of this node is not running, so operators cannot send their rows back: start it with 'run tcp server'");
        var registry = node.Services.Get<IDbmsRegistry>();
        if (registry.Find(SystemQuery) is not { } systemQuery)
            return CommandResult.Error(ErrorCode.DbmsNotConnected,
                "a query node consolidates the operators' rows in system_query: connect dbms system_query where type = sqlite and memory = true");
        if (!TimeZones.TryFind(request.TimeZone, out var zone))
            return CommandResult.Error(ErrorCode.WrongOptionType, $"timezone '{request.TimeZone}' is not a time zone (utc, local, or a name such as America/New_York)");

        var now = node.Time.GetUtcNow().UtcDateTime;
        QueryRun? run = null;
        try
        {
            var parsed = SqlParser.ParseSelect(request.Statement);
            var schema = await SchemaAsync(registry, request.Dbms, parsed.Table, context.Cancellation);
            if (schema is null)
                return CommandResult.Error(ErrorCode.MetadataNotAvailable,
                    $"no table policy for {request.Dbms}.{parsed.Table.ToLowerInvariant()} (and it is not a local table), so its columns are unknown");
            var extend = request.Extend is null ? [] : ExtendColumn.ParseList(request.Extend, node.Dictionary.Get);
            var statement = SelectListOrder.Apply(StatementPreparer.Prepare(parsed, schema, now));
            var period = PeriodCall.Find(statement.Where);
            var tables = new List<string> { parsed.Table.ToLowerInvariant() };
            tables.AddRange(request.Include.Where(t => !tables.Contains(t)));
            var metadata = node.Services.Find<IMetadata>();
            var targets = TargetResolver.Resolve(query, request, tables, metadata, out var error);
            if (targets is null) return CommandResult.Error(ErrorCode.DestinationNotProvided, error);

            var job = jobs.Start(request.Dbms, request.Statement, OutputName(request, context), now);
            run = new QueryRun(new QueryContext(peers, systemQuery, registry, jobs, _tables, node.Log, metadata), request, query, job, targets, zone, now);
            var result = await run.ExecuteAsync(statement, period, schema, extend, context);
            if (result.IsError) run.End("Error", result.Text);
            return result;
        }
        catch (SqlSyntaxException e)
        {
            run?.End("Error", e.Message);
            return CommandResult.Error(ErrorCode.SqlError, e.Message);
        }
        catch (StorageException e)
        {
            run?.End("Error", e.Message);
            return CommandResult.Error(e.Code, e.Message);
        }
        catch (Exception e)
        {
            run?.End(e is OperationCanceledException ? "Cancelled" : "Error", e.Message);
            throw;
        }
        finally
        {
            if (run is { HandedOff: false }) await run.DisposeAsync();
        }
    }

    /// <summary>Only SELECT statements are distributed; other statements go to named nodes as they are.</summary>
    private static bool IsQuery(string statement)
    {
        var span = statement.AsSpan().TrimStart().TrimStart('(');
        return span.StartsWith("select", StringComparison.OrdinalIgnoreCase) && (span.Length == 6 || char.IsWhiteSpace(span[6]));
    }

    private static string Shorten(string statement) => statement.Length <= 60 ? statement : statement[..60] + "...";

    private static string OutputName(QueryRequest request, CommandContext context) => request.Destination switch
    {
        QueryDestination.File => "['file']",
        QueryDestination.Dbms => "['dbms']",
        _ => context.Source == CommandSource.Rest ? "['rest']" : "['stdout']",
    };

    /// <summary>The table's columns: the local table when this node has it, else the <c>create</c> of its table policy.</summary>
    private async Task<TableSchema?> SchemaAsync(IDbmsRegistry registry, string dbms, string table, CancellationToken cancellation)
    {
        if (registry.Find(dbms) is { } local && await local.GetSchemaAsync(table, cancellation) is { } schema) return schema;
        if (node.Services.Find<IMetadata>()?.GetTablePolicy(dbms, table)?.Text("create") is not { } create) return null;
        // keyed by the statement itself: a policy replaced under the same id (table ids hash only dbms and name) is read again
        if (_policySchemas.TryGetValue(create, out var cached)) return cached;
        var parsed = CreateStatementSchema.Parse(table, create);
        if (parsed is not null) _policySchemas[create] = parsed;
        return parsed;
    }
}
