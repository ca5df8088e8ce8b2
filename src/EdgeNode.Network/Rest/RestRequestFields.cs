using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace EdgeNode.Network.Rest;

/// <summary>
/// The AnyLog fields of a request (<c>command</c>, <c>destination</c>, <c>dbms</c>, ...), case-insensitive, looked up in
/// order: the HTTP headers, then the keys of a JSON body that stands for headers (browsers and tools that cannot set
/// headers), then the URL form <c>/?User-Agent=AnyLog/1.23?command=get status</c>.
/// </summary>
internal sealed class RestRequestFields
{
    private readonly IHeaderDictionary _headers;
    private Dictionary<string, string>? _body;
    private readonly Dictionary<string, string>? _url;

    public RestRequestFields(IHeaderDictionary headers, string? rawQuery)
    {
        _headers = headers;
        _url = ParseUrlForm(rawQuery);
    }

    public string? this[string name]
    {
        get
        {
            var header = _headers[name];
            if (header.Count > 0 && !string.IsNullOrWhiteSpace(header[0])) return header[0]!.Trim();
            if (_body is not null && _body.TryGetValue(name, out var value)) return value;
            return _url is not null && _url.TryGetValue(name, out value) ? value : null;
        }
    }

    public bool HasBodyFields => _body is not null;

    /// <summary>The client's product, from <c>AnyLog-Agent</c> or <c>User-Agent</c> wherever they were given.</summary>
    public RestClientAgent Agent => RestClientAgent.Parse(this["AnyLog-Agent"] ?? this["User-Agent"]);

    /// <summary>
    /// Uses the keys of a JSON object body as fields (string values as they are, others as JSON text). Returns false, and
    /// uses nothing, when the body is not a JSON object.
    /// </summary>
    public bool UseJsonBody(ReadOnlySpan<byte> body)
    {
        var trimmed = body.TrimStart(" \t\r\n"u8);
        if (trimmed.Length == 0 || trimmed[0] != (byte)'{') return false;
        try
        {
            using var document = JsonDocument.Parse(trimmed.ToArray());
            var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var property in document.RootElement.EnumerateObject())
                fields[property.Name] = property.Value.ValueKind == JsonValueKind.String
                    ? property.Value.GetString()!
                    : property.Value.GetRawText();
            _body = fields;
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// AnyLog's URL form separates pairs with <c>?</c> (or <c>&amp;</c>); values are percent-decoded. A <c>+</c> stays a plus:
    /// it is an operator of the command language.
    /// </summary>
    private static Dictionary<string, string>? ParseUrlForm(string? rawQuery)
    {
        if (string.IsNullOrEmpty(rawQuery) || rawQuery.Length < 2) return null;
        Dictionary<string, string>? fields = null;
        foreach (var pair in rawQuery.Split(['?', '&'], StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            if (equals <= 0) continue;
            fields ??= new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            fields[Decode(pair[..equals]).Trim()] = Decode(pair[(equals + 1)..]).Trim();
        }
        return fields;
    }

    private static string Decode(string text)
    {
        try
        {
            return Uri.UnescapeDataString(text);
        }
        catch (UriFormatException)
        {
            return text;
        }
    }
}
