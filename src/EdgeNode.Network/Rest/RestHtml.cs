using System.Net;
using System.Text;
using System.Text.Json;

namespace EdgeNode.Network.Rest;

/// <summary>
/// <c>into: html</c>: the reply as a page a browser shows. Rows (<c>{"Query": [...]}</c> or a list of flat objects) become an
/// HTML table; anything else is shown as preformatted text.
/// </summary>
internal static class RestHtml
{
    public static string Render(string output)
    {
        var page = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>EdgeNode</title></head><body>\n");
        if (!TryAppendTable(page, output))
            page.Append("<pre>").Append(WebUtility.HtmlEncode(output)).Append("</pre>\n");
        return page.Append("</body></html>\n").ToString();
    }

    private static bool TryAppendTable(StringBuilder page, string output)
    {
        if (!RestReply.LooksLikeJson(output)) return false;
        try
        {
            using var document = JsonDocument.Parse(output);
            var rows = document.RootElement;
            if (rows.ValueKind == JsonValueKind.Object && rows.TryGetProperty("Query", out var query)) rows = query;
            if (rows.ValueKind != JsonValueKind.Array || rows.GetArrayLength() == 0) return false;
            var columns = new List<string>();
            foreach (var row in rows.EnumerateArray())
            {
                if (row.ValueKind != JsonValueKind.Object) return false;
                foreach (var property in row.EnumerateObject())
                    if (!columns.Contains(property.Name)) columns.Add(property.Name);
            }
            page.Append("<table border=\"1\">\n<tr>");
            foreach (var column in columns) page.Append("<th>").Append(WebUtility.HtmlEncode(column)).Append("</th>");
            page.Append("</tr>\n");
            foreach (var row in rows.EnumerateArray())
            {
                page.Append("<tr>");
                foreach (var column in columns)
                {
                    var text = !row.TryGetProperty(column, out var value) ? ""
                        : value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
                    page.Append("<td>").Append(WebUtility.HtmlEncode(text)).Append("</td>");
                }
                page.Append("</tr>\n");
            }
            page.Append("</table>\n");
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
