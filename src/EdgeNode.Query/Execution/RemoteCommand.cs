using System.Text;
using EdgeNode.Query.Planning;
using EdgeNode.Query.Sql;

namespace EdgeNode.Query.Execution;

/// <summary>
/// The command a query node sends to operators (SPEC §12 step 4): <c>sql &lt;dbms&gt; [extend = (...)] [and include =
/// (...)] [and max_time = N seconds] &lt;remote query&gt;</c> in wire form, a word holding spaces carrying TABs instead.
/// </summary>
internal static class RemoteCommand
{
    public static string Build(string dbms, QueryPlan plan, IReadOnlyList<string> tables, TimeSpan? maxTime)
    {
        var options = new List<string>();
        var extend = plan.Extend.Where(e => e.FromOperator).Select(e => e.OperatorText).ToList();
        if (extend.Count > 0) options.Add($"extend = ({string.Join(",", extend)})");
        if (tables.Count > 1) options.Add($"include = ({string.Join(",", tables.Skip(1))})");
        // with its unit: EdgeLake's operators read max_time as 'number unit' (interpreter 'int.time') and fail a bare
        // number with error 2 - which is what EdgeLake's own query node sends them (member_cmd.get_generic_query)
        if (maxTime is { } limit) options.Add($"max_time = {(long)Math.Ceiling(limit.TotalSeconds)} seconds");
        var sql = SqlWriter.Portable.Statement(plan.Remote, SqlWriter.Identifier(tables[0], quoted: false));
        var builder = new StringBuilder(sql.Length + 64).Append("sql ").Append(dbms);
        foreach (var option in options)
        {
            if (option != options[0]) builder.Append(" and");
            foreach (var word in option.Split(" = ", 2) is [var key, var value] ? new[] { key, "=", value } : [option])
                builder.Append(' ').Append(word.Replace(' ', '\t'));
        }
        return builder.Append(' ').Append(sql.Replace(' ', '\t')).ToString();
    }
}
