using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Output;

namespace EdgeNode.Core.Metadata;

/// <summary>
/// A policy of the ledger: a JSON object with exactly one root key, its type (<c>{"operator": {...}}</c>). Policies
/// handed out by <see cref="IMetadata"/> are shared snapshots: read them, never change <see cref="Body"/> (clone it
/// with <see cref="Clone"/> to build a new policy).
/// </summary>
public sealed class Policy
{
    private readonly Func<ReadOnlyMemory<byte>, JsonObject>? _parse;
    private readonly ReadOnlyMemory<byte> _json;
    private readonly string? _id;
    private JsonObject? _root;
    private volatile JsonObject? _body;

    public Policy(JsonObject root)
    {
        (Type, _body) = Split(root);
        _root = root;
    }

    /// <summary>
    /// A policy read from the ledger whose JSON tree is built on first use (a ledger holds 100,000s of policies; most
    /// are never looked at). <paramref name="json"/> is its UTF-8 text, <paramref name="parse"/> builds the whole
    /// policy <c>{type: {...}}</c> from it, once.
    /// </summary>
    public Policy(string type, string id, ReadOnlyMemory<byte> json, Func<ReadOnlyMemory<byte>, JsonObject> parse)
    {
        Type = type;
        _id = id;
        _json = json;
        _parse = parse;
    }

    /// <summary>The whole policy <c>{type: body}</c>.</summary>
    public JsonObject Root
    {
        get
        {
            if (_body is null) Load();
            return _root!;
        }
    }

    /// <summary>The policy type: operator, cluster, table, mapping, config, ...</summary>
    public string Type { get; }

    /// <summary>The attributes under the root key.</summary>
    public JsonObject Body => _body ?? Load();

    public string Id => _id ?? Text("id") ?? "";

    /// <summary>The UTF-8 ledger line the policy was read from; empty for a policy built in memory.</summary>
    public ReadOnlyMemory<byte> Source => _json;

    public string? Name => Text("name");

    public string? Company => Text("company");

    public string? Date => Text("date");

    /// <summary>An attribute as text: strings as they are, numbers as written, booleans <c>true/false</c>, lists and objects as JSON; null when absent.</summary>
    public string? Text(string attribute) => TextOf(Body[attribute]);

    /// <summary>An integer attribute (a JSON number or a numeric string); null when absent or not an integer.</summary>
    public long? Integer(string attribute) =>
        Text(attribute) is { } text && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;

    /// <summary>
    /// A node policy's address as the node whose external ip is <paramref name="myExternalIp"/> reaches it:
    /// <see cref="ReachableIp"/> and its <c>port</c>. Null when the port or both ips are missing or not an address.
    /// </summary>
    public IpPort? AddressFrom(string? myExternalIp) =>
        ReachableIp(Text("ip"), Text("local_ip"), myExternalIp) is { Length: > 0 } ip && Integer("port") is { } port
        && IpPort.TryParse($"{ip}:{port}", out var address)
            ? address
            : null;

    /// <summary>
    /// The ip of a node policy (its <paramref name="ip"/>, the external one, and its <paramref name="localIp"/>) to reach it
    /// at from a node whose external ip is <paramref name="myExternalIp"/>: the local ip when the policy has no ip or shares
    /// that external ip (a fleet behind one public IP reaches its members on their local network, the public IP does not
    /// route back in), else the ip. One rule for <c>bring.ip_port</c>, query targets, <c>test network</c> and the sync's master.
    /// </summary>
    public static string? ReachableIp(string? ip, string? localIp, string? myExternalIp) =>
        localIp is { Length: > 0 } && (string.IsNullOrEmpty(ip) || ip == myExternalIp) ? localIp : ip;

    /// <summary>A boolean attribute (JSON true/false or the strings "true"/"false"); null when absent or not a boolean.</summary>
    public bool? Flag(string attribute) => Text(attribute)?.ToLowerInvariant() switch
    {
        "true" => true,
        "false" => false,
        _ => null,
    };

    /// <summary>The policy as one line of Python <c>json.dumps</c> text, the ledger file format.</summary>
    public string ToJson() => PyJson.Serialize(Root);

    /// <summary>A deep copy whose body may be changed.</summary>
    public Policy Clone() => new((JsonObject)Root.DeepClone());

    public override string ToString() => ToJson();

    /// <summary>Builds the tree; threads that race both parse, the first result is kept (parsing is pure).</summary>
    private JsonObject Load()
    {
        var parsed = _parse!(_json);
        var (type, _) = Split(parsed);
        if (type != Type) throw new InvalidOperationException($"policy {_id} changed type from '{Type}' to '{type}'");
        var root = Interlocked.CompareExchange(ref _root, parsed, null) ?? parsed;
        var body = (JsonObject)root[Type]!;
        _body = body;
        return body;
    }

    private static (string Type, JsonObject Body) Split(JsonObject root)
    {
        if (root.Count != 1) throw new ArgumentException($"a policy has exactly one root key, this one has {root.Count}", nameof(root));
        var (type, body) = root.First();
        if (body is not JsonObject obj) throw new ArgumentException($"the value of the policy type '{type}' is not a JSON object", nameof(root));
        return (type, obj);
    }

    /// <summary>Text of a JSON value as <see cref="Text"/> describes it.</summary>
    public static string? TextOf(JsonNode? node) => node switch
    {
        null => null,
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Number => PyJson.NumberText(value),
            _ => null,
        },
        _ => PyJson.Serialize(node),
    };
}
