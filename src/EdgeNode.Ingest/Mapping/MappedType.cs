namespace EdgeNode.Ingest.Mapping;

/// <summary>The column types a mapping converts values to (SPEC §8 <c>str|int|float|timestamp</c>, plus bool).</summary>
public enum MappedType : byte { Str, Int, Float, Bool, Timestamp }

/// <summary>Type names as users write them in topic blocks and mapping policies.</summary>
public static class MappedTypes
{
    public static bool TryParse(string name, out MappedType type)
    {
        switch (name.Trim().Trim('"', '\'').ToLowerInvariant())
        {
            case "str" or "string" or "varchar" or "char" or "text":
                type = MappedType.Str;
                return true;
            case "int" or "integer" or "bigint" or "smallint" or "long":
                type = MappedType.Int;
                return true;
            case "float" or "decimal" or "double" or "numeric" or "real":
                type = MappedType.Float;
                return true;
            case "bool" or "boolean":
                type = MappedType.Bool;
                return true;
            case "timestamp" or "datetime" or "date" or "time":
                type = MappedType.Timestamp;
                return true;
            default:
                type = MappedType.Str;
                return false;
        }
    }

    public static MappedType Parse(string name, string column) =>
        TryParse(name, out var type)
            ? type
            : throw new MappingException($"column '{column}': unknown type '{name}' (expected str, int, float, bool or timestamp)");

    /// <summary>The name <c>get msg clients</c> shows.</summary>
    public static string Name(MappedType type) => type switch
    {
        MappedType.Int => "int",
        MappedType.Float => "float",
        MappedType.Bool => "bool",
        MappedType.Timestamp => "timestamp",
        _ => "str",
    };
}
