using System.Text.Encodings.Web;
using System.Text.Json;

namespace EdgeNode.Ingest.Mapping;

/// <summary>
/// A compiled column: its normalised name, its type (fixed, or brought from the message per row), where its value comes
/// from, a default used when the message lacks the value, and whether a missing value just leaves the column out.
/// </summary>
public sealed class MappedColumn
{
    public MappedColumn(string name, MappedType type, MappedValue value, bool optional = false, MappedValue? typeSource = null,
        string? defaultValue = null, MappedBlob? blob = null)
    {
        Blob = blob;
        Name = name;
        EncodedName = JsonEncodedText.Encode(name, JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
        Type = type;
        TypeSource = typeSource;
        Value = value;
        Optional = optional;
        Default = defaultValue;
    }

    public string Name { get; }
    public JsonEncodedText EncodedName { get; }

    /// <summary>The declared type (when <see cref="TypeSource"/> is null).</summary>
    public MappedType Type { get; }

    /// <summary><c>type = "bring [key]"</c>: the type is read from the message for each row.</summary>
    public MappedValue? TypeSource { get; }

    public MappedValue Value { get; }
    public bool Optional { get; }
    public string? Default { get; }

    /// <summary>Set for a blob column: the value becomes a blob and the row keeps its id.</summary>
    public MappedBlob? Blob { get; }

    public bool Iterates => Value.Iterates || TypeSource?.Iterates == true;

    public string TypeName => TypeSource is null ? MappedTypes.Name(Type) : TypeSource.Text;

    /// <summary>
    /// Writes the column into the current row, or nothing when it is optional and missing. A blob column writes the blob's
    /// id and adds the blob to <paramref name="table"/>'s blobs.
    /// </summary>
    public void Write(Utf8JsonWriter writer, JsonElement root, JsonElement? item, DateTime now, MappedRows.TableRows? table = null)
    {
        var type = Type;
        if (TypeSource is not null)
        {
            var brought = TypeSource.Evaluate(root, item, now)
                          ?? throw new MappingException($"column '{Name}': the type {TypeSource.Text} is not in the message");
            type = MappedTypes.Parse(brought.AsText(), Name);
        }
        if (Value.IsNow && type == MappedType.Timestamp)
        {
            writer.WriteString(EncodedName, Json.TimestampParser.Format(now));
            return;
        }
        var value = Value.Evaluate(root, item, now);
        if (value is null)
        {
            if (Default is not null) value = new BroughtValue(Default);
            else if (Optional) return;
            else throw new MappingException($"column '{Name}': {Value.Text.Replace("bring ", "", StringComparison.Ordinal)} is not in the message");
        }
        if (Blob is not null)
        {
            var blob = Blob.Read(value.Value, Name);
            table?.Blobs.Add(blob);
            writer.WriteString(EncodedName, blob.Id);
            return;
        }
        ValueConverter.Write(writer, EncodedName, type, value.Value, Name);
    }
}
