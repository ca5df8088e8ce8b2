using System.Diagnostics;
using EdgeNode.Core;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Network;
using EdgeNode.Core.Output;
using EdgeNode.Core.Query;
using EdgeNode.Core.Security;
using EdgeNode.Core.Storage;
using static EdgeNode.Storage.Commands.StorageCommandSupport;

namespace EdgeNode.Storage.Commands;

/// <summary>
/// <c>sql &lt;dbms&gt; [format = json|table|json:list|json:output] [and stat = true|false] "&lt;statement&gt;"</c> on a local
/// database. Queries read every partition of partitioned tables. Results up to <see cref="BufferLimit"/> characters are
/// returned as text; larger JSON results are streamed through <see cref="CommandResult.Writer"/> (the query runs again
/// inside the writer, so nothing stays open when a consumer does not stream).
/// </summary>
internal static class SqlCommand
{
    internal const int BufferLimit = 8 * 1024 * 1024;

    public static void Register(Node node) =>
        node.AddCommand(new CommandSpec("sql", "Run a SQL statement on a local database; queries print in JSON or table format.", Sql)
        {
            Usage = "sql [dbms name] [format = json|table|json:list|json:output] [and stat = true|false] \"[sql statement]\"",
            Explanation = "Queries (select) over a partitioned table read all its partitions; update and delete apply to all of them. " +
                          "Other statements (create, insert, drop) run as written. Use 'run client () sql ...' to query the network.",
            Examples = ["sql test \"select count(*) from rand_data\"", "sql test format = table \"select timestamp, value from rand_data limit 10\"",
                "sql test format = json and stat = false \"select max(value) from rand_data\"",
                "sql test \"create table readings (id int, reading float)\""],
            Http = HttpRule.Any,
            ReadsOnly = (_, tokens, words) => IsQuery(tokens, words),
            Topics = ["query", "dbms"],
        });

    /// <summary>True when the statement (the quoted text, or the words from <c>select</c> on) is one SELECT.</summary>
    private static bool IsQuery(IReadOnlyList<Token> tokens, int words)
    {
        for (var i = words; i < tokens.Count; i++)
        {
            if (tokens[i].IsQuoted) return ReadOnlyCommands.IsQuery(tokens[i].Text);
            if (tokens[i].IsWord("select")) return ReadOnlyCommands.IsQuery(string.Join(' ', tokens.Skip(i).Select(t => t.SourceText)));
        }
        return false;
    }

    private static ValueTask<CommandResult> Sql(CommandContext context) => Run(async () =>
    {
        // a query from a peer is answered with job reply rows by the query layer (network queries, SPEC §12)
        if (PeerOrigin.Current is { } origin && context.Node.Services.Find<IPeerQueryResponder>() is { } responder &&
            await responder.TryAnswerAsync(context, origin) is { } answer)
            return answer;
        var request = SqlRequest.Parse(context.Arguments);
        var dbms = Require(context.Node, request.Dbms);
        context.Node.Log.Query($"sql {dbms.Name}: {request.Statement}");
        if (!SqlText.ReturnsRows(request.Statement))
        {
            var statement = request.Statement;
            if (SqlText.FirstKeyword(statement) == "create") statement = dbms.TranslateDdl(statement);
            var affected = await dbms.ExecuteOnPartitionsAsync(statement, context.Cancellation);
            return CommandResult.Ok(SqlText.FirstKeyword(statement) is "insert" or "update" or "delete"
                ? $"{affected} row{(affected == 1 ? "" : "s")} affected"
                : "");
        }
        var buffer = new StringWriter();
        var complete = await WriteAsync(dbms, request, buffer, request.Format == QueryOutputFormat.Table ? int.MaxValue : BufferLimit,
            context.Cancellation);
        var format = request.Format == QueryOutputFormat.Table ? OutputFormat.Text : OutputFormat.Json;
        if (complete) return format == OutputFormat.Json ? CommandResult.Json(buffer.ToString()) : CommandResult.Ok(buffer.ToString());
        return CommandResult.Streamed(format, async (writer, cancellation) => await WriteAsync(dbms, request, writer, int.MaxValue, cancellation));
    });

    /// <summary>Runs the query and writes it; false when the output passed <paramref name="limit"/> characters and was abandoned.</summary>
    public static async Task<bool> WriteAsync(IDbms dbms, SqlRequest request, TextWriter output, int limit, CancellationToken cancellation)
    {
        var watch = Stopwatch.StartNew();
        await using var reader = await dbms.QueryAsync(request.Statement, null, cancellation);
        var writer = new QueryOutputWriter(output, request.Format, request.Statistics, reader.Columns) { NullAsEmptyText = true };
        var values = new object?[reader.Columns.Count];
        var written = output as StringWriter;
        while (await reader.ReadAsync(cancellation))
        {
            for (var i = 0; i < values.Length; i++) values[i] = reader.GetValue(i);
            await writer.WriteRowAsync(values, cancellation);
            if (written is not null && written.GetStringBuilder().Length > limit) return false;
        }
        await writer.CompleteAsync(new QueryStatistics(writer.Count, watch.Elapsed, 0), cancellation);
        return true;
    }
}
