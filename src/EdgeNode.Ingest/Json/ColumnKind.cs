namespace EdgeNode.Ingest.Json;

/// <summary>SQL column types the operator infers from JSON (SPEC §5).</summary>
public enum ColumnKind : byte { Boolean, Int, BigInt, Decimal, Float, Timestamp, Date, Time, Uuid, Cidr, Char, Varchar }
