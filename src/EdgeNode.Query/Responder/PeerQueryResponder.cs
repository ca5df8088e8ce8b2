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
using EdgeNode.Query.Wire;

namespace EdgeNode.Query.Responder;

/// <summary>
/// The operator's side of a network query (SPEC §12 step 4): a <c>sql &lt;dbms&gt; [extend/include/max_time] "select ..."</c>
/// from a peer, EdgeLake's query node or EdgeNode's, runs on each physical table it covers (the table, its partitions,
/// the included tables this node hosts), as EdgeLake's operator runs it (<see cref="OperatorStatement"/>: the
/// <c>increments</c> keys, <c>avg</c> as sum and count) written for this node's engine. Each physical table is answered
/// as one partition of <c>job reply</c> blocks holding EdgeLake's rows, <c>{"Query":[{"0":"4","1":"2026-01-15T08:30:00Z"}]}</c>
/// (<see cref="WireValues"/>). Partitions are read one after the other, or in parallel on the query pool. A query that
/// fails is answered as EdgeLake answers it: a <c>job reply</c> with the error code and text (<see cref="WireErrors"/>);
/// a table this node does not have is an empty answer.
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
            return await FailAsync(peers, origin, ErrorCode.DbmsNotConnected, $"DBMS '{request.Dbms}' is not connected on {node.Name}@{node.Address}", context);
        if (node.Services.Find<IMemberCatchUp>() is { } catchUp && await catchUp.LaggingAsync(context.Cancellation) is { } lagging)
            return await FailAsync(peers, origin, ErrorCode.MemberCatchingUp, $"{node.Name}@{node.Address} {lagging}", context);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(context.Cancellation);
        if (request.MaxTime is { } maxTime) limit.CancelAfter(maxTime);
        var cancellation = limit.Token;
        try
        {
            var parts = new List<PartQuery>();
            try
            {
                var statement = SqlParser.ParseSelect(request.Statement);
                var extend = request.Extend is null ? [] : ExtendColumn.ParseList(request.Extend, _ => null).Where(e => e.FromOperator).ToList();
                var tables = new List<string> { statement.Table.ToLowerInvariant() };
                tables.AddRange(request.Include.Where(t => !tables.Contains(t)));
                foreach (var part in await PartsAsync(dbms, tables, cancellation))
                    parts.Add(await RenderAsync(dbms, statement, extend, part, request.Dbms, included: part.Table != tables[0], cancellation));
            }
            catch (SqlSyntaxException)
            {
                // a statement this parser does not read (another query node's dialect): the database judges it as written
                var table = SqlText.TableOf(request.Statement);
                parts.Add(new PartQuery(new QueryPart(table, table), request.Statement, null));
            }
            if (parts.Count == 0)
            {
                // EdgeLake's answer for a table an operator does not have (yet): no rows
                await peers.SendJobReplyAsync(origin, AsyncEnumerable.Empty<string>(),
                    new JobReplyInfo(1, 0) { ErrorCode = WireErrors.EmptyDataSet }, context.Cancellation);
                return CommandResult.Empty;
            }
            var clock = Stopwatch.StartNew();
            // the first part is opened before anything is sent, so that a bad query is answered with its error text
            var first = await dbms.QueryAsync(parts[0].Sql, null, cancellation);
            await using (first) await SendAsync(peers, origin, first, parts[0].Columns, new JobReplyInfo(parts.Count, 0) { DbmsMilliseconds = Milliseconds(clock) }, cancellation);
            if (parts.Count > 1) await RestAsync(peers, origin, dbms, parts, cancellation);
            return CommandResult.Empty;
        }
        catch (StorageException e) when (!origin.Replied)
        {
            return await FailAsync(peers, origin, e.Code, e.Message, context);
        }
        catch (OperationCanceledException) when (!origin.Replied && !context.Cancellation.IsCancellationRequested)
        {
            return await FailAsync(peers, origin, ErrorCode.Timeout, $"the query took longer than max_time ({request.MaxTime!.Value.TotalSeconds:0} seconds)", context);
        }
    }

    /// <summary>The query failed before any row went back: a <c>job reply</c> with the error, as EdgeLake's operator answers; logged here.</summary>
    private async Task<CommandResult> FailAsync(IPeerClient peers, PeerOrigin origin, ErrorCode code, string text, CommandContext context)
    {
        node.Log.Error($"Query from {origin.ReplyAddress} failed: {text}");
        await peers.SendJobReplyAsync(origin, AsyncEnumerable.Empty<string>(),
            new JobReplyInfo(1, 0) { ErrorCode = WireErrors.ToWire(code), ErrorText = text }, context.Cancellation);
        return CommandResult.Empty;
    }

    /// <summary>The partitions after the first: in parallel on the query pool when it runs, else in order.</summary>
    private async Task RestAsync(IPeerClient peers, PeerOrigin origin, IDbms dbms, List<PartQuery> parts, CancellationToken cancellation)
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

    private async Task AnswerPartAsync(IPeerClient peers, PeerOrigin origin, IDbms dbms, List<PartQuery> parts, int index,
        CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        IQueryReader reader;
        try
        {
            reader = await dbms.QueryAsync(parts[index].Sql, null, cancellation);
        }
        catch (StorageException e)
        {
            node.Log.Error($"Query part {parts[index].Part.Physical} for {origin.ReplyAddress} failed: {e.Message}");
            await peers.SendJobReplyAsync(origin, AsyncEnumerable.Empty<string>(),
                new JobReplyInfo(parts.Count, index) { ErrorCode = WireErrors.ToWire(e.Code), ErrorText = e.Message, DbmsMilliseconds = Milliseconds(clock) },
                cancellation);
            return;
        }
        var info = new JobReplyInfo(parts.Count, index) { DbmsMilliseconds = Milliseconds(clock) };
        await using (reader) await SendAsync(peers, origin, reader, parts[index].Columns, info, cancellation);
    }

    private static async Task SendAsync(IPeerClient peers, PeerOrigin origin, IQueryReader reader, IReadOnlyList<WireColumn>? columns, JobReplyInfo info,
        CancellationToken cancellation) =>
        await peers.SendJobReplyAsync(origin, RowsAsync(reader, columns, cancellation), info, cancellation);

    /// <summary>Each row as EdgeLake's operators send it: <c>{"Query":[{"0":"value","1":"value",...}]}</c>, positional keys, text values.</summary>
    private static async IAsyncEnumerable<string> RowsAsync(IQueryReader reader, IReadOnlyList<WireColumn>? columns,
        [EnumeratorCancellation] CancellationToken cancellation)
    {
        var count = reader.Columns.Count;
        var builder = new StringBuilder(256);
        while (await reader.ReadAsync(cancellation))
        {
            builder.Clear().Append("{\"Query\":[{");
            for (var i = 0; i < count; i++)
            {
                if (i > 0) builder.Append(',');
                builder.Append('"').Append(i).Append("\":");
                var column = columns is not null && i < columns.Count ? columns[i] : WireColumn.Text;
                PyJson.WriteString(builder, WireValues.Write(reader.GetValue(i), column));
            }
            yield return builder.Append("}]}").ToString();
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

    /// <summary>The statement for one physical table in this engine's SQL, and the layout of its reply rows.</summary>
    private async Task<PartQuery> RenderAsync(IDbms dbms, SelectStatement statement, IReadOnlyList<ExtendColumn> extend, QueryPart part, string dbmsName,
        bool included, CancellationToken cancellation)
    {
        var now = node.Time.GetUtcNow().UtcDateTime;
        var schema = await dbms.GetSchemaAsync(part.Physical, cancellation) ?? new TableSchema(part.Physical, []);
        // text compared with a timestamp column is rewritten in the stored form
        var prepared = statement with
        {
            Items = statement.Items.Select(i => i with { Expression = StatementPreparer.Normalize(i.Expression, schema, now) }).ToArray(),
            Where = statement.Where is null ? null : StatementPreparer.Normalize(statement.Where, schema, now),
            Having = statement.Having is null ? null : StatementPreparer.Normalize(statement.Having, schema, now),
        };
        var values = extend.Select(e => ((SqlExpr)ExtendValue(e, part, dbmsName), e.Type)).ToList();
        var query = OperatorStatement.Build(prepared, schema, values, included, dbms.Engine);
        return new PartQuery(part, new SqlWriter(dbms.Dialect).Statement(query.Statement, dbms.Dialect.QuoteIdentifier(part.Physical)), query.Columns);
    }

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
