using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace EdgeNode.Core.Output;

/// <summary>
/// The types the node serializes with <see cref="System.Text.Json.JsonSerializer"/>, generated at compile time: the
/// node is also published as a Native AOT binary, where reflection-based serialization is not available. Same output
/// as <c>JsonSerializer</c>'s defaults.
/// </summary>
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(JsonObject))]
public sealed partial class NodeJsonContext : JsonSerializerContext;
