using EdgeNode.Core.Commands;
using EdgeNode.Core.IO;

namespace EdgeNode.Network.Rest;

/// <summary>
/// The headers of a PUT ingest call (SPEC §4): <c>dbms</c> and <c>table</c> (required, lowercased), <c>mode</c>
/// (<c>file</c> by default, or <c>streaming</c>), <c>type</c> (<c>json</c>, or <c>blob</c>), <c>source</c> and
/// <c>instructions</c> (<c>0</c> by default). Names end up in file names (<c>dbms.table.source.hash.instructions.json</c>),
/// so they are checked. A <c>type: blob</c> call sends a blob as the body, with <c>hash</c> (its md5, checked),
/// <c>extension</c> (its file type; default from the <c>Content-Type</c>) and <c>row</c> (a JSON object describing it).
/// </summary>
internal sealed record RestPutRequest(string Dbms, string Table, bool Streaming, string Type, string Source, string Instructions)
{
    public const string BlobType = "blob";

    public bool IsBlob => Type == BlobType;

    /// <summary>The md5 the client gives for the blob (checked against the body); null when none.</summary>
    public string? Hash { get; init; }

    /// <summary>The blob's file type (<c>png</c>); empty when unknown.</summary>
    public string Extension { get; init; } = "";

    /// <summary>The JSON object (as sent) describing the blob, from the <c>row</c> header; null when none.</summary>
    public string? Row { get; init; }

    private const int MaxNameLength = 128;

    /// <summary>Reads the fields; on a missing or invalid one returns null with the error code and message.</summary>
    public static RestPutRequest? Parse(RestRequestFields fields, out ErrorCode code, out string error)
    {
        code = ErrorCode.Success;
        error = "";
        var dbms = fields["dbms"]?.ToLowerInvariant();
        var table = fields["table"]?.ToLowerInvariant();
        if (dbms is null || table is null)
        {
            code = ErrorCode.MissingHeader;
            error = $"PUT needs the headers 'dbms' and 'table' (missing: {(dbms is null ? "dbms" : "table")})";
            return null;
        }
        var mode = (fields["mode"] ?? "file").ToLowerInvariant();
        var type = (fields["type"] ?? "json").ToLowerInvariant();
        var source = fields["source"] ?? "0";
        var instructions = fields["instructions"] ?? "0";
        var invalid = CheckSqlName("dbms", dbms) ?? CheckSqlName("table", table) ?? CheckFileSection("source", source)
            ?? CheckFileSection("instructions", instructions)
            ?? (mode is "file" or "streaming" ? null : $"header 'mode: {mode}': expected 'file' or 'streaming'")
            ?? (type is "json" or BlobType ? null : $"header 'type: {type}': expected 'json' or 'blob'");
        if (invalid is not null)
        {
            code = ErrorCode.WrongOptionType;
            error = invalid;
            return null;
        }
        return new RestPutRequest(dbms, table, mode == "streaming", type, source, instructions)
        {
            Hash = fields["hash"],
            Extension = fields["extension"] ?? ContentTypes.ExtensionOf(fields["Content-Type"]),
            Row = fields["row"],
        };
    }

    private static string? CheckSqlName(string header, string name)
    {
        if (name.Length is 0 or > MaxNameLength)
            return $"header '{header}' must have 1 to {MaxNameLength} characters";
        foreach (var c in name)
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
                return $"header '{header}: {name}': only letters, digits and '_' are allowed";
        return null;
    }

    private static string? CheckFileSection(string header, string value)
    {
        if (value.Length is 0 or > MaxNameLength)
            return $"header '{header}' must have 1 to {MaxNameLength} characters";
        foreach (var c in value)
            if (c is '.' or '/' or '\\' or ':' || char.IsWhiteSpace(c) || char.IsControl(c))
                return $"header '{header}: {value}': '.', '/', '\\', ':' and spaces are not allowed (it is part of a file name)";
        return null;
    }
}
