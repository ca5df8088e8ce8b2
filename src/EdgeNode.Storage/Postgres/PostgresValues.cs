using System.Net;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Storage;
using EdgeNode.Storage.Loading;
using Npgsql;
using NpgsqlTypes;

namespace EdgeNode.Storage.Postgres;

/// <summary>Row-buffer slots written as binary COPY fields of the column's exact PostgreSQL type.</summary>
internal static class PostgresValues
{
    /// <summary>The COPY type for a declared type as <c>format_type</c> prints it.</summary>
    public static NpgsqlDbType TypeOf(string declared)
    {
        var text = declared.ToLowerInvariant();
        var open = text.IndexOf('(', StringComparison.Ordinal);
        if (open > 0) text = text[..open].Trim();
        return text switch
        {
            "smallint" => NpgsqlDbType.Smallint,
            "integer" => NpgsqlDbType.Integer,
            "bigint" => NpgsqlDbType.Bigint,
            "numeric" => NpgsqlDbType.Numeric,
            "double precision" => NpgsqlDbType.Double,
            "real" => NpgsqlDbType.Real,
            "boolean" => NpgsqlDbType.Boolean,
            "timestamp without time zone" => NpgsqlDbType.Timestamp,
            "timestamp with time zone" => NpgsqlDbType.TimestampTz,
            "date" => NpgsqlDbType.Date,
            "time without time zone" => NpgsqlDbType.Time,
            "uuid" => NpgsqlDbType.Uuid,
            "cidr" => NpgsqlDbType.Cidr,
            "inet" => NpgsqlDbType.Inet,
            "character" => NpgsqlDbType.Char,
            "character varying" => NpgsqlDbType.Varchar,
            "json" => NpgsqlDbType.Json,
            "jsonb" => NpgsqlDbType.Jsonb,
            _ => NpgsqlDbType.Text,
        };
    }

    public static void Write(NpgsqlBinaryImporter copy, RowBuffer row, int i, NpgsqlDbType type)
    {
        var kind = row.Kinds[i];
        if (kind == CellKind.Null)
        {
            copy.WriteNull();
            return;
        }
        switch (type)
        {
            case NpgsqlDbType.Smallint: copy.Write((short)Integral(row, i), type); break;
            case NpgsqlDbType.Integer: copy.Write(checked((int)Integral(row, i)), type); break;
            case NpgsqlDbType.Bigint: copy.Write(Integral(row, i), type); break;
            case NpgsqlDbType.Numeric:
                copy.Write(kind switch
                {
                    CellKind.Decimal => row.Decimals[i],
                    CellKind.Double => (decimal)row.Doubles[i],
                    _ => (decimal)row.Longs[i],
                }, type);
                break;
            case NpgsqlDbType.Double: copy.Write(kind == CellKind.Double ? row.Doubles[i] : (double)row.Longs[i], type); break;
            case NpgsqlDbType.Real: copy.Write((float)(kind == CellKind.Double ? row.Doubles[i] : row.Longs[i]), type); break;
            case NpgsqlDbType.Boolean: copy.Write(row.Longs[i] != 0, type); break;
            case NpgsqlDbType.Timestamp: copy.Write(new DateTime(row.Longs[i], DateTimeKind.Unspecified), type); break;
            case NpgsqlDbType.TimestampTz: copy.Write(new DateTime(row.Longs[i], DateTimeKind.Utc), type); break;
            case NpgsqlDbType.Date: copy.Write(DateOnly.FromDayNumber((int)row.Longs[i]), type); break;
            case NpgsqlDbType.Time: copy.Write(new TimeOnly(row.Longs[i]).ToTimeSpan(), type); break;
            case NpgsqlDbType.Uuid: copy.Write(row.Guids[i], type); break;
            case NpgsqlDbType.Cidr: copy.Write(Network(row.Texts[i]!), type); break;
            case NpgsqlDbType.Inet: copy.Write(IPAddress.Parse(row.Texts[i]!.Split('/')[0]), type); break;
            default: copy.Write(row.Boxed(i)?.ToString() ?? "", type); break;
        }
    }

    private static long Integral(RowBuffer row, int i) => row.Kinds[i] switch
    {
        CellKind.Int64 or CellKind.Boolean => row.Longs[i],
        _ => throw new StorageException(ErrorCode.DataTypeMismatch, $"value '{row.Boxed(i)}' is not an integer"),
    };

    /// <summary>A CIDR, or a bare address as a one-host network (<c>/32</c>, <c>/128</c>).</summary>
    private static IPNetwork Network(string text)
    {
        if (text.Contains('/', StringComparison.Ordinal)) return IPNetwork.Parse(text);
        var address = IPAddress.Parse(text);
        return new IPNetwork(address, address.GetAddressBytes().Length * 8);
    }
}
