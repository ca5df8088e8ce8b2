using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using EdgeNode.Core;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Network;
using EdgeNode.Core.Output;
using EdgeNode.Core.Processes;
using EdgeNode.Core.Query;
using EdgeNode.Core.Storage;
using EdgeNode.Query.Planning;
using EdgeNode.Query.Sql;

namespace EdgeNode.Query.Responder;

/// <summary>
/// The operator's side of a network query (SPEC §12 step 4): a <c>sql &lt;dbms&gt; [extend/include/max_time] "select ..."</c>
/// from a peer runs on each physical table it covers (the table, its partitions, the included tables this node hosts),
/// written for this node's engine (<c>date_trunc</c> on SQLite, timestamps in the stored form), each answered as one
/// partition of <c>job reply</c> blocks holding <c>{"Query":[{...}]}</c> rows. Partitions are read one after the
/// other, or in parallel on the query pool. An error found before any row went back (unknown DBMS or table, bad SQL)
/// is answered as text with its code.
/// </summary>
internal sealed class PeerQueryResponder(Node node) : IPeerQueryResponder
{
    public async Task<CommandResult?> TryAnswerAsync(CommandContext context, PeerOrigin origin)
    {
        QueryRequest request;
        try
        {
            request = QueryRequest.Parse(context.Arguments, lenient: true);
        }
        catch (CommandSyntaxException e)
        {
            return CommandResult.Error(e.Code, e.Message);
        }
        if (!request.Statement.AsSpan().TrimStart().StartsWith("select", StringComparison.OrdinalIgnoreCase)) return null;
        if (node.Services.Find<IPeerClient>() is not { } peers) return null;
        if (node.Services.Get<IDbmsRegistry>().Find(request.Dbms) is not { } dbms)
            return CommandResult.Error(ErrorCode.DbmsNotConnected, $"DBMS '{request.Dbms}' is not connected on {node.Name}@{node.Address}");
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(context.Cancellation);
        if (request.MaxTime is { } maxTime) limit.CancelAfter(maxTime);
        var cancellation = limit.Token;
        try
        {
            var parts = new List<(QueryPart Part, string Sql)>();
            try
            {
                var statement = SqlParser.ParseSelect(request.Statement);
                var extend = request.Extend is null ? [] : ExtendColumn.ParseList(request.Extend, _ => null).Where(e => e.FromOperator).ToList();
                var tables = new List<string> { statement.Table.ToLowerInvariant() };
                tables.AddRange(request.Include.Where(t => !tables.Contains(t)));
                foreach (var part in await PartsAsync(dbms, tables, cancellation))
                    parts.Add((part, await RenderAsync(dbms, statement, extend, part, request.Dbms, cancellation)));
            }
            catch (SqlSyntaxException)
            {
                // a statement this parser does not read (another query node's dialect): the database judges it as written
                var table = SqlText.TableOf(request.Statement);
                parts.Add((new QueryPart(table, table), request.Statement));
            }
            if (parts.Count == 0)
                return CommandResult.Error(ErrorCode.TableNotFound,
                    $"table {request.Dbms}.{SqlText.TableOf(request.Statement)} does not exist on {node.Name}@{node.Address}");
            var clock = Stopwatch.StartNew();
            // the first part is opened before anything is sent, so that a bad query is answered with its error text
            var first = await dbms.QueryAsync(parts[0].Sql, null, cancellation);
            await using (first) await SendAsync(peers, origin, first, new JobReplyInfo(parts.Count, 0) { DbmsMilliseconds = Milliseconds(clock) }, cancellation);
            if (parts.Count > 1) await RestAsync(peers, origin, dbms, parts, cancellation);
            return CommandResult.Empty;
        }
        catch (StorageException e) when (!origin.Replied)
        {
            return CommandResult.Error(e.Code, e.Message);
        }
        catch (OperationCanceledException) when (!origin.Replied && !context.Cancellation.IsCancellationRequested)
        {
            return CommandResult.Error(ErrorCode.Timeout, $"the query took longer than max_time ({request.MaxTime!.Value.TotalSeconds:0} seconds)");
        }
    }

    /// <summary>The partitions after the first: in parallel on the query pool when it runs, else in order.</summary>
    private async Task RestAsync(IPeerClient peers, PeerOrigin origin, IDbms dbms, List<(QueryPart Part, string Sql)> parts, CancellationToken cancellation)
    {
        var pool = node.Processes.Get<QueryPoolProcess>(ProcessNames.QueryPool) is { State: ProcessState.Running } running ? running : null;
        var rest = Enumerable.Range(1, parts.Count - 1);
        if (pool is null)
        {
            foreach (var i in rest) await AnswerPartAsync(peers, origin, dbms, parts, i, cancellation);
            return;
        }
        // what 'get query pool where details = true' shows for the worker: the job, who asked, and the partition's SQL
        await Task.WhenAll(rest.Select(i => pool.RunAsync($"job {origin.JobId} from {origin.ReplyAddress}: {parts[i].Sql}",
            () => AnswerPartAsync(peers, origin, dbms, parts, i, cancellation), cancellation)));
    }

    private async Task AnswerPartAsync(IPeerClient peers, PeerOrigin origin, IDbms dbms, List<(QueryPart Part, string Sql)> parts, int index,
        CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        IQueryReader? reader = null;
        var code = 0;
        try
        {
            reader = await dbms.QueryAsync(parts[index].Sql, null, cancellation);
        }
        catch (StorageException e)
        {
            node.Log.Error($"Query part {parts[index].Part.Physical} for {origin.ReplyAddress} failed: {e.Message}");
            code = (int)e.Code;
        }
        var info = new JobReplyInfo(parts.Count, index) { ErrorCode = code, DbmsMilliseconds = Milliseconds(clock) };
        if (reader is null)
        {
            await peers.SendJobReplyAsync(origin, AsyncEnumerable.Empty<string>(), info, cancellation);
            return;
        }
        await using (reader) await SendAsync(peers, origin, reader, info, cancellation);
    }

    private static async Task SendAsync(IPeerClient peers, PeerOrigin origin, IQueryReader reader, JobReplyInfo info, CancellationToken cancellation) =>
        await peers.SendJobReplyAsync(origin, RowsAsync(reader, cancellation), info, cancellation);

    /// <summary>Each row as <c>{"Query":[{"col":value,...}]}</c>, the form EdgeLake operators send.</summary>
    private static async IAsyncEnumerable<string> RowsAsync(IQueryReader reader, [EnumeratorCancellation] CancellationToken cancellation)
    {
        var columns = reader.Columns;
        var values = new object?[columns.Count];
        var builder = new StringBuilder(256);
        while (await reader.ReadAsync(cancellation))
        {
            for (var i = 0; i < values.Length; i++) values[i] = reader.GetValue(i);
            builder.Clear().Append("{\"Query\":[");
            QueryOutputWriter.AppendJsonRow(builder, columns, values);
            yield return builder.Append("]}").ToString();
        }
    }

    private static uint Milliseconds(Stopwatch clock) => (uint)Math.Min(uint.MaxValue, clock.ElapsedMilliseconds);

    /// <summary>The physical tables of the query's tables that exist here, each table's own rows first, then its partitions.</summary>
    private static async Task<List<QueryPart>> PartsAsync(IDbms dbms, List<string> tables, CancellationToken cancellation)
    {
        var existing = await dbms.ListTablesAsync(cancellation);
        var parts = new List<QueryPart>();
        foreach (var table in tables)
        {
            if (existing.Contains(table, StringComparer.OrdinalIgnoreCase)) parts.Add(new QueryPart(table, table));
            var prefix = $"par_{table}_";
            if (existing.Any(t => t.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
                parts.AddRange((await dbms.ListPartitionsAsync(table, cancellation)).Select(p => new QueryPart(table, p)));
        }
        return parts;
    }

    /// <summary>The statement for one physical table in this engine's SQL, with the extend columns in front.</summary>
    private async Task<string> RenderAsync(IDbms dbms, SelectStatement statement, IReadOnlyList<ExtendColumn> extend, QueryPart part, string dbmsName,
        CancellationToken cancellation)
    {
        var now = node.Time.GetUtcNow().UtcDateTime;
        // text compared with a timestamp column is rewritten in the stored form: only when the statement has text to compare
        var schema = HasText(statement) ? await dbms.GetSchemaAsync(part.Physical, cancellation) : null;
        var prepared = statement with
        {
            Items = [.. extend.Select(e => new SelectItem(ExtendValue(e, part, dbmsName), e.Name, e.Name, [])), .. statement.Items],
            Where = statement.Where is null ? null : StatementPreparer.Normalize(statement.Where, schema, now),
            Having = statement.Having is null ? null : StatementPreparer.Normalize(statement.Having, schema, now),
        };
        prepared = prepared with
        {
            Items = prepared.Items.Select(i => i with { Expression = StatementPreparer.Normalize(i.Expression, schema, now) }).ToArray(),
        };
        return new SqlWriter(dbms.Dialect).Statement(prepared, dbms.Dialect.QuoteIdentifier(part.Physical));
    }

    private static bool HasText(SelectStatement statement) =>
        statement.Where?.DescendantsAndSelf().Any(e => e is LiteralExpr { Kind: LiteralKind.String }) == true ||
        statement.Having?.DescendantsAndSelf().Any(e => e is LiteralExpr { Kind: LiteralKind.String }) == true;

    private LiteralExpr ExtendValue(ExtendColumn column, QueryPart part, string dbmsName)
    {
        var address = node.Address;
        var colon = address.LastIndexOf(':');
        var text = column.Source switch
        {
            "@ip" => colon > 0 ? address[..colon] : address,
            "@port" => colon > 0 ? address[(colon + 1)..] : "",
            "@dbms_name" => dbmsName,
            "@table_name" => part.Table,
            "@node_name" => node.Name,
            _ => node.Dictionary.Get(column.Source[1..]) ?? "",
        };
        return column.Type == ColumnType.Integer && long.TryParse(text, out var number) ? LiteralExpr.Integer(number) : LiteralExpr.String(text);
    }
}
