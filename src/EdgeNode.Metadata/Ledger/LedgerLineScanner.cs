using System.Text.Json;

namespace EdgeNode.Metadata.Ledger;

/// <summary>
/// Checks a ledger line is one policy (a JSON object with one root key whose value is an object) and reads its type,
/// id and <c>ledger</c> attribute without building the JSON tree: one pass of the UTF-8 reader, which validates the line.
/// </summary>
internal static class LedgerLineScanner
{
    public static bool TryScan(ReadOnlySpan<byte> line, out string type, out string id, out bool local, out string error)
    {
        type = "";
        id = "";
        local = false;
        error = "";
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return Fail("not a JSON object", out error);
            if (!reader.Read() || reader.TokenType != JsonTokenType.PropertyName) return Fail("an empty JSON object", out error);
            type = reader.GetString()!;
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                return Fail($"the value of '{type}' is not a JSON object", out error);
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var isId = reader.ValueTextEquals("id"u8);
                var isLedger = reader.ValueTextEquals("ledger"u8);
                reader.Read();
                if (isLedger && reader.TokenType == JsonTokenType.String) local = reader.ValueTextEquals("local"u8);
                else if (isId && reader.TokenType == JsonTokenType.String) id = reader.GetString()!;
                else if (isId && reader.TokenType == JsonTokenType.Number) id = System.Text.Encoding.UTF8.GetString(reader.ValueSpan);
                else reader.Skip();
            }
            if (!reader.Read() || reader.TokenType != JsonTokenType.EndObject)
                return Fail("not a policy (a JSON object with one root key)", out error);
            if (reader.Read()) return Fail("unexpected text after the policy", out error);
            return true;
        }
        catch (JsonException e)
        {
            var message = e.Message;
            var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
            return Fail($"invalid JSON at offset {e.BytePositionInLine}: {(cut > 0 ? message[..cut] : message)}", out error);
        }
    }

    private static bool Fail(string reason, out string error)
    {
        error = reason;
        return false;
    }
}
