using System.Runtime.CompilerServices;
using EdgeNode.Core;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Network;
using EdgeNode.Core.Output;
using EdgeNode.Core.Query;
using EdgeNode.Core.Storage;
using EdgeNode.Query.Monitoring;
using EdgeNode.Query.Output;
using EdgeNode.Query.Planning;
using EdgeNode.Query.Sql;

namespace EdgeNode.Query.Execution;

/// <summary>
/// One network query from its plan to its answer: the <c>period</c> end when there is one, the remote query to every
/// operator, the rows into <c>system_query</c> and the consolidation query (or straight through), the answer written for
/// its destination. Owns what it opens (peer jobs, the consolidation table, readers) until disposed; an answer too large
/// to keep in memory is handed to the caller as a stream that continues the run.
/// </summary>
internal sealed class QueryRun(QueryContext context, QueryRequest request, NetworkQuery query, QueryJob job,
    IReadOnlyList<QueryTarget> targets, TimeZoneInfo zone, DateTime nowUtc) : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _owned = [];
    private readonly TimeSpan _timeout = Timeout(query.Timeout, request.MaxTime);
    private bool _limitReached;

    /// <summary>True once a streamed result owns the run: its writer disposes it.</summary>
    public bool HandedOff { get; private set; }

    private static TimeSpan Timeout(TimeSpan timeout, TimeSpan? maxTime) =>
        maxTime is { } max && (timeout == System.Threading.Timeout.InfiniteTimeSpan || max < timeout) ? max : timeout;

    public async Task<CommandResult> ExecuteAsync(SelectStatement statement, PeriodCall? period, TableSchema schema,
        IReadOnlyList<ExtendColumn> extend, CommandContext command)
    {
        var cancellation = command.Cancellation;
        if (period is not null)
        {
            var (end, error) = await PeriodEndAsync(period, schema, statement.Table, cancellation);
            if (error is not null) return error;
            statement = statement with { Where = period.Window(statement.Where!, end) };
        }
        var plan = QueryPlanner.Plan(statement, schema, extend);
        foreach (var column in plan.Output) OutputCasts.Validate(column, nowUtc);
        var collector = Own(new ReplyCollector(context.Peers, job, plan, targets, tables => RemoteCommand.Build(request.Dbms, plan, tables, request.MaxTime), _timeout));
        await collector.StartAsync(cancellation);
        IAsyncEnumerator<IReadOnlyList<object?>> rows;
        if (plan.PassThrough)
        {
            rows = PassThrough(plan, collector.RowsAsync(cancellation), cancellation).GetAsyncEnumerator(cancellation);
        }
        else
        {
            var table = Own(context.Tables.Rent(context.SystemQuery, plan.RemoteColumns));
            var local = new SqlWriter(context.SystemQuery.Dialect).Statement(plan.Local!, SqlWriter.Quote(table.Name));
            lock (job.Gate)
            {
                job.LocalCreate = table.CreateStatement;
                job.LocalSql = local;
            }
            await foreach (var row in collector.RowsAsync(cancellation)) await table.AddAsync(row, cancellation);
            if (Failure(collector) is { } failure) return failure;
            rows = Own(await table.QueryAsync(local, cancellation)).RowsAsync(cancellation).GetAsyncEnumerator(cancellation);
        }
        Own(rows);
        return await AnswerAsync(plan, rows, collector, command);
    }

    /// <summary>The latest time of the period's column at or before its date, over every operator (null when there is none).</summary>
    private async Task<(DateTime? End, CommandResult? Error)> PeriodEndAsync(PeriodCall period, TableSchema schema, string table,
        CancellationToken cancellation)
    {
        var plan = QueryPlanner.Plan(period.EndStatement(table), schema, []);
        await using var collector = new ReplyCollector(context.Peers, job, plan, targets,
            tables => RemoteCommand.Build(request.Dbms, plan, tables, request.MaxTime), _timeout, preliminary: true);
        await collector.StartAsync(cancellation);
        await using var consolidation = context.Tables.Rent(context.SystemQuery, plan.RemoteColumns);
        var local = new SqlWriter(context.SystemQuery.Dialect).Statement(plan.Local!, SqlWriter.Quote(consolidation.Name));
        lock (job.Gate) job.PeriodSql = local;
        await foreach (var row in collector.RowsAsync(cancellation)) await consolidation.AddAsync(row, cancellation);
        if (Failure(collector) is { } failure) return (null, failure);
        await using var reader = await consolidation.QueryAsync(local, cancellation);
        var end = await reader.ReadAsync(cancellation) && TimeValues.TryRead(reader.GetValue(0), out var last) ? last : (DateTime?)null;
        return (end, null);
    }

    /// <summary>The answer's rows straight from the operators: the plan's columns, offset and limit applied here.</summary>
    private async IAsyncEnumerable<IReadOnlyList<object?>> PassThrough(QueryPlan plan, IAsyncEnumerable<object?[]> rows,
        [EnumeratorCancellation] CancellationToken cancellation)
    {
        var skip = plan.Offset;
        long written = 0;
        var projected = new object?[plan.PassThroughColumns.Count];
        await foreach (var row in rows.WithCancellation(cancellation))
        {
            if (plan.Limit is { } limit && written >= limit)
            {
                _limitReached = true;
                yield break;
            }
            if (skip > 0)
            {
                skip--;
                continue;
            }
            for (var i = 0; i < projected.Length; i++) projected[i] = row[plan.PassThroughColumns[i]];
            written++;
            yield return projected;
        }
    }

    /// <summary>An error for operators that did not answer; null when all did, or some did and the query accepts a subset.</summary>
    private CommandResult? Failure(ReplyCollector collector)
    {
        var failures = collector.Failures;
        if (failures.Count == 0 || _limitReached || (query.Subset && collector.Replied > 0)) return null;
        // the operators' own error (bad SQL, missing table) when they all report the same one, else the network failed
        var codes = failures.Select(f => f.Code).Distinct().ToList();
        var code = codes is [var only] && only != ErrorCode.Success ? only : ErrorCode.NetworkNotAvailable;
        var detail = $"{failures.Count} of {targets.Count} operator{(targets.Count == 1 ? "" : "s")} failed" +
                     (query.Subset ? "" : " (subset = true accepts the answer of the others)") + ": " + string.Join("; ", failures);
        End(failures.All(f => f.Reason.StartsWith("no complete reply", StringComparison.Ordinal)) ? "Timeout" : "Error", detail);
        return CommandResult.Error(code, detail);
    }

    private async Task<CommandResult> AnswerAsync(QueryPlan plan, IAsyncEnumerator<IReadOnlyList<object?>> rows, ReplyCollector collector,
        CommandContext command)
    {
        var cancellation = command.Cancellation;
        var converter = new RowConverter(plan.Output, zone, nowUtc);
        if (request.Test) return await TestAsync(plan, rows, collector, converter, cancellation);
        switch (request.Destination)
        {
            case QueryDestination.File:
            {
                var path = Path.GetFullPath(request.File!);
                var temporary = path + ".tmp";
                long count;
                StreamWriter opened;
                try
                {
                    opened = new StreamWriter(temporary, append: false);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    return CommandResult.Error(ErrorCode.FileError, $"dest = file: cannot write {path}: {e.Message}");
                }
                await using (var file = opened)
                {
                    var writer = new ResultWriter(file, request, plan.Output, converter, plan.PassThrough);
                    while (await rows.MoveNextAsync()) await writer.WriteAsync(rows.Current, cancellation);
                    if (Failure(collector) is { } failure) return failure;
                    await writer.CompleteAsync(Statistics(writer.Count, collector), cancellation);
                    count = writer.Count;
                }
                File.Move(temporary, path, overwrite: true);
                Complete(count);
                return CommandResult.Ok($"{count} row{(count == 1 ? "" : "s")} written to {path}");
            }
            case QueryDestination.Dbms:
            {
                var target = context.Registry.Find(request.TargetDbms ?? "system_query");
                if (target is null) return CommandResult.Error(ErrorCode.DbmsNotConnected, $"dest = dbms: DBMS '{request.TargetDbms}' is not connected");
                if (request.Drop) await target.ExecuteAsync($"DROP TABLE IF EXISTS {SqlWriter.Quote(request.Table!)}", null, cancellation);
                await using var table = new ConsolidationTable(target, request.Table!, plan.Output.Select(c => new RemoteColumn(c.Label, c.Type)).ToArray());
                while (await rows.MoveNextAsync()) await table.AddAsync([.. converter.Convert(rows.Current)], cancellation);
                if (Failure(collector) is { } failure) return failure;
                await table.CompleteAsync(cancellation);
                Complete(table.Rows);
                return CommandResult.Ok($"{table.Rows} row{(table.Rows == 1 ? "" : "s")} stored in {target.Name}.{request.Table}");
            }
            default:
                return await ReplyAsync(plan, rows, collector, converter, command);
        }
    }

    /// <summary>
    /// <c>test = true</c>: the answer (without statistics) as the body of a test output, compared with <c>source</c>;
    /// written to <c>file</c> (atomically) when given, else the reply.
    /// </summary>
    private async Task<CommandResult> TestAsync(QueryPlan plan, IAsyncEnumerator<IReadOnlyList<object?>> rows, ReplyCollector collector,
        RowConverter converter, CancellationToken cancellation)
    {
        var body = new StringWriter();
        var writer = new ResultWriter(body, request with { Statistics = false }, plan.Output, converter, plan.PassThrough);
        while (await rows.MoveNextAsync()) await writer.WriteAsync(rows.Current, cancellation);
        if (Failure(collector) is { } failure) return failure;
        await writer.CompleteAsync(Statistics(writer.Count, collector), cancellation);
        await ReplyErrorsAsync(body, collector, cancellation);
        var verdict = TestOutput.Compare(body.ToString(), request.Source is null ? null : Path.GetFullPath(request.Source));
        var text = TestOutput.Format(request.Title, nowUtc, $"sql {request.Dbms} \"{request.Statement}\"", body.ToString(),
            Statistics(writer.Count, collector), verdict);
        Complete(writer.Count);
        if (request.File is null) return CommandResult.Ok(text);
        var path = Path.GetFullPath(request.File);
        try
        {
            var temporary = path + ".tmp";
            await File.WriteAllTextAsync(temporary, text, cancellation);
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return CommandResult.Error(ErrorCode.FileError, $"test = true: cannot write {path}: {e.Message}");
        }
        return CommandResult.Ok($"Test {(verdict is null ? "output" : verdict.Text)}: {writer.Count} row{(writer.Count == 1 ? "" : "s")} written to {path}");
    }

    private async Task<CommandResult> ReplyAsync(QueryPlan plan, IAsyncEnumerator<IReadOnlyList<object?>> rows, ReplyCollector collector,
        RowConverter converter, CommandContext command)
    {
        var cancellation = command.Cancellation;
        var buffer = new StringWriter();
        var output = new RedirectableWriter(buffer);
        var writer = new ResultWriter(output, request, plan.Output, converter, plan.PassThrough);
        // a caller that prints or sends the answer as it comes can take more than fits in memory
        var streamable = command.Source is CommandSource.Rest or CommandSource.Cli && command.Assignment == AssignmentKind.None;
        var json = request.Format != QueryOutputFormat.Table;
        while (await rows.MoveNextAsync())
        {
            await writer.WriteAsync(rows.Current, cancellation);
            if (!streamable || buffer.GetStringBuilder().Length <= context.BufferLimit) continue;
            HandedOff = true;
            return CommandResult.Streamed(json ? OutputFormat.Json : OutputFormat.Text, async (stream, token) =>
            {
                try
                {
                    await output.SwitchToAsync(stream, buffer.ToString(), token);
                    buffer.GetStringBuilder().Clear();
                    while (await rows.MoveNextAsync()) await writer.WriteAsync(rows.Current, token);
                    await writer.CompleteAsync(Statistics(writer.Count, collector), token);
                    await ReplyErrorsAsync(output, collector, token);
                    Complete(writer.Count);
                }
                catch (Exception e)
                {
                    End(e is OperationCanceledException ? "Cancelled" : "Error", e.Message);
                    throw;
                }
                finally
                {
                    await DisposeAsync();
                }
            });
        }
        if (Failure(collector) is { } failure) return failure;
        await writer.CompleteAsync(Statistics(writer.Count, collector), cancellation);
        await ReplyErrorsAsync(output, collector, cancellation);
        Complete(writer.Count);
        var text = buffer.ToString();
        return json ? CommandResult.Json(text) : CommandResult.Ok(text);
    }

    /// <summary>
    /// A partial answer (<c>subset = true</c>) printed as a table ends with the operators that did not answer, as
    /// EdgeLake's "Reply errors" table (SPEC §4); JSON answers stay plain JSON.
    /// </summary>
    private async Task ReplyErrorsAsync(TextWriter output, ReplyCollector collector, CancellationToken cancellation)
    {
        if (request.Format != QueryOutputFormat.Table || collector.Failures.Count == 0 || _limitReached) return;
        var rows = collector.Failures.Select(f => (IReadOnlyList<object?>)[f.Target.Address.ToString(), f.Target.Name, f.Reason]);
        var table = TableFormatter.Format(["Operator", "Name", "Error"], rows, "Reply errors").ReplaceLineEndings("\n");
        await output.WriteAsync(("\n" + table).AsMemory(), cancellation);
    }

    private QueryStatistics Statistics(long count, ReplyCollector collector) =>
        new(count, job.Elapsed, _limitReached ? targets.Count - collector.Failures.Count : collector.Replied);

    private void Complete(long rows)
    {
        lock (job.Gate) job.Rows = rows;
        End("Completed", null);
    }

    /// <summary>Ends the job (once): its status for <c>query status</c>, its time for <c>get queries time</c>, the query log.</summary>
    public void End(string status, string? error)
    {
        if (!job.Finish(status, error)) return;
        context.Jobs.Record(job.Elapsed);
        if (context.Jobs.LogQueries && job.Elapsed >= context.Jobs.LogThreshold)
            context.Log.Query($"[{job.Id}] {status} in {job.Elapsed.TotalSeconds:0.000} s, {job.Rows} rows, {targets.Count} operators: " +
                              $"sql {request.Dbms} {job.Statement}{(error is null ? "" : " - " + error)}");
    }

    private T Own<T>(T resource) where T : IAsyncDisposable
    {
        _owned.Add(resource);
        return resource;
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            try
            {
                await _owned[i].DisposeAsync();
            }
            catch (Exception e) when (e is StorageException or InvalidOperationException or OperationCanceledException)
            {
                context.Log.Error($"Query {job.Id}: releasing {_owned[i].GetType().Name} failed: {e.Message}");
            }
        }
        _owned.Clear();
    }
}
