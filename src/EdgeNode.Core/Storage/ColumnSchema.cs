namespace EdgeNode.Core.Storage;

/// <summary>
/// One column of a table as the engine reports it. <see cref="DeclaredType"/> is shown to users (<c>get columns</c>) in
/// EdgeLake's spelling (<c>timestamp without time zone</c>, <c>char(3)</c>); <see cref="Type"/> is the portable type.
/// </summary>
public sealed record ColumnSchema(string Name, string DeclaredType, ColumnType Type)
{
    /// <summary>Length of <c>char(n)</c> / <c>varchar(n)</c>, when declared.</summary>
    public int? Length { get; init; }

    public bool NotNull { get; init; }

    public bool PrimaryKey { get; init; }

    /// <summary>The default expression as declared (<c>now()</c>, <c>current_timestamp</c>), or null.</summary>
    public string? Default { get; init; }

    /// <summary>True for columns the database fills itself (<c>SERIAL</c> / <c>autoincrement</c>): leave them out of loads.</summary>
    public bool Generated { get; init; }
}
