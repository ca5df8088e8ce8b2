using System.Globalization;
using EdgeNode.Core.Storage;
using EdgeNode.Query.Sql;

namespace EdgeNode.Query.Planning;

/// <summary>The time unit and count arguments of <c>increments(unit, n, ...)</c> and <c>period(unit, n, ...)</c>.</summary>
internal static class TimeArguments
{
    /// <summary>The unit, written as a word (<c>minute</c>) or a string (<c>'minute'</c>).</summary>
    public static PartitionUnit Unit(SqlExpr argument, string function)
    {
        var text = argument switch
        {
            ColumnExpr c => c.Name,
            LiteralExpr { Kind: LiteralKind.String } s => s.Text,
            _ => "",
        };
        return TimeUnits.TryParse(text, out var unit)
            ? unit
            : throw new SqlSyntaxException($"{function}: '{SqlWriter.Canonical(argument)}' is not a time unit (second, minute, hour, day, week, month, year)");
    }

    /// <summary>The number of units: a positive whole number.</summary>
    public static long Count(SqlExpr argument, string function) =>
        argument is LiteralExpr { Kind: LiteralKind.Integer } count && long.TryParse(count.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) &&
        amount >= 1
            ? amount
            : throw new SqlSyntaxException($"{function}: the count of time units must be a positive whole number");
}
