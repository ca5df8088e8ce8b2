using EdgeNode.Core.Commands;
using EdgeNode.Core.Variables;

namespace EdgeNode.Core.Binding;

/// <summary>
/// The keywords a where clause accepts, with types, required flags and defaults. <see cref="Bind"/> turns raw pairs into
/// <see cref="BoundOptions"/> and rejects unknown keys, wrong types, repeats of a single key and missing required keys.
/// </summary>
public sealed class OptionSchema
{
    private readonly Dictionary<string, int> _specs = new(StringComparer.Ordinal); // name -> index in _ordered
    private readonly List<OptionSpec> _ordered = [];
    private Func<string, OptionType?>? _openKeys;

    public OptionSchema(params OptionSpec[] specs)
    {
        foreach (var spec in specs) Add(spec);
    }

    public IReadOnlyList<OptionSpec> Options => _ordered;

    public OptionSchema Add(OptionSpec spec)
    {
        _specs[spec.Name] = _ordered.Count;
        _ordered.Add(spec);
        return this;
    }

    /// <summary>Accepts keys that are not declared (e.g. <c>column.&lt;name&gt;.&lt;type&gt;</c>) when the resolver names their type.</summary>
    public OptionSchema AllowKeys(Func<string, OptionType?> resolver)
    {
        _openKeys = resolver;
        return this;
    }

    public static OptionSchema Any() => new OptionSchema().AllowKeys(_ => OptionType.Str);

    /// <summary>Binds the pairs. With <paramref name="checkValues"/> false, only keys are checked (used to validate examples).</summary>
    public BoundOptions Bind(WhereClause clause, bool checkValues = true)
    {
        // every pair may be a key of its own, and every other declared option may add its default
        var bound = new BoundOptions(_openKeys is null ? _ordered.Count : _ordered.Count + clause.Pairs.Count);
        var given = 0UL; // bit n: option n of _ordered was given (options past 64 are looked up in the bound keys)
        for (var i = 0; i < clause.Pairs.Count; i++) // by index: foreach over the interface would box an enumerator
        {
            var (key, value) = clause.Pairs[i];
            var (spec, index) = Resolve(key, value);
            var again = index is >= 0 and < 64 ? (given & 1UL << index) != 0 : bound.Has(key);
            if (index is >= 0 and < 64) given |= 1UL << index;
            if (!spec.Repeatable && again && spec.Type != OptionType.Nested)
                throw new CommandSyntaxException($"option '{key}' is given more than once", value.Position, ErrorCode.WrongOption);
            if (!checkValues) { bound.Add(key, value.Text); continue; }
            if (!value.Quoted) RejectUndefinedReference(key, value);
            if (spec.Type == OptionType.Str && !value.Quoted && IsList(value.Text) && spec.Repeatable)
            {
                foreach (var item in ValueParsers.SplitList(value.Text)) bound.Add(key, item);
                continue;
            }
            bound.Add(key, Convert(key, spec, value));
        }
        for (var index = 0; index < _ordered.Count; index++)
        {
            var spec = _ordered[index];
            if ((index < 64 && (given & 1UL << index) != 0) || bound.Has(spec.Name)) continue;
            if (spec.Default is not null)
                bound.Add(spec.Name, checkValues ? DefaultValue(spec, index) : spec.Default);
            else if (spec.Required && checkValues)
                throw MissingRequired(spec.Name, clause);
        }
        return bound;
    }

    /// <summary>A required option is absent: point after the last pair, where it could have been written.</summary>
    private static CommandSyntaxException MissingRequired(string name, WhereClause clause)
    {
        if (clause.Pairs.Count == 0) return new($"missing required option '{name}'", -1, ErrorCode.MissingOption);
        var last = clause.Pairs[^1].Value;
        var end = last.Position + last.Text.Length + (last.Quoted ? 2 : 0);
        return new($"missing required option '{name}' (after position {end})", end, ErrorCode.MissingOption);
    }

    /// <summary>The option a key names and its index in <see cref="Options"/> (-1 for an open key).</summary>
    private (OptionSpec Spec, int Index) Resolve(string key, WhereValue value)
    {
        if (_specs.TryGetValue(key, out var index)) return (_ordered[index], index);
        if (_openKeys?.Invoke(key) is { } type) return (new OptionSpec(key, type) { Repeatable = true }, -1);
        var known = string.Join(", ", _ordered.Select(s => s.Name));
        var position = value.KeyPosition;
        throw new CommandSyntaxException(
            $"unknown option '{key}' at position {position}" + (known.Length > 0 ? $"; expected one of: {known}" : ""),
            position, ErrorCode.WrongOption);
    }

    private static void RejectUndefinedReference(string key, WhereValue value)
    {
        var text = value.Text;
        if (text.Length > 1 && text[0] is '!' or '$' && !text.StartsWith("!!", StringComparison.Ordinal)
            && VariableReference.TryParse(text, 0, out var reference) && reference.Length == text.Length)
            throw new CommandSyntaxException($"variable '{text}' used by option '{key}' is not declared",
                value.Position, ErrorCode.UndefinedVariable);
    }

    /// <summary>
    /// Defaults are constant: each is converted once, kept by option index (Dir and Date defaults depend on the moment,
    /// lists and nested options are mutable, so those are never kept). Read without a lock: two threads converting the
    /// same default at once keep equal values.
    /// </summary>
    private object?[] _defaults = [];

    private object DefaultValue(OptionSpec spec, int index)
    {
        if (spec.Type is OptionType.Dir or OptionType.Date or OptionType.List or OptionType.Nested)
            return Convert(spec.Name, spec, new WhereValue(spec.Default!, true, 0));
        var kept = Volatile.Read(ref _defaults);
        if (index < kept.Length && kept[index] is { } value) return value;
        value = Convert(spec.Name, spec, new WhereValue(spec.Default!, true, 0));
        lock (_ordered)
        {
            if (_defaults.Length < _ordered.Count) Volatile.Write(ref _defaults, [.. _defaults, .. new object?[_ordered.Count - _defaults.Length]]);
            _defaults[index] = value;
        }
        return value;
    }

    private static bool IsList(string text) => text.Length > 1 && text[0] is '(' or '[' && text[^1] is ')' or ']';

    private static object Convert(string key, OptionSpec spec, WhereValue value)
    {
        var text = value.Text;
        object? result = spec.Type switch
        {
            OptionType.Str => text,
            OptionType.Int => ValueParsers.TryParseInt(text, out var i) ? Box(i) : null,
            OptionType.Float => ValueParsers.TryParseFloat(text, out var f) ? f : null,
            OptionType.Bool => ValueParsers.TryParseBool(text, out var b) ? (b ? True : False) : null,
            OptionType.Time => ValueParsers.TryParseSeconds(text, out var s) ? Box(s) : null,
            OptionType.Storage => ValueParsers.TryParseBytes(text, out var bytes) ? bytes : null,
            OptionType.IpPort => IpPort.TryParse(text, out var endpoint) ? endpoint : null,
            OptionType.Date => ValueParsers.TryParseDate(text, DateTime.UtcNow, out var date) ? date : null,
            OptionType.List => ValueParsers.SplitList(text),
            OptionType.Dir => Directory.Exists(text) ? Path.TrimEndingDirectorySeparator(Path.GetFullPath(text)) + Path.DirectorySeparatorChar : null,
            OptionType.Nested => BindNested(spec, value),
            _ => null,
        };
        return result ?? throw new CommandSyntaxException(
            spec.Type == OptionType.Dir
                ? $"option '{key}': directory '{text}' does not exist"
                : $"option '{key}' expects {Describe(spec.Type)}, got '{text}' at position {value.Position}",
            value.Position, spec.Type == OptionType.Dir ? ErrorCode.DirectoryError : ErrorCode.WrongOptionType);
    }

    private static BoundOptions BindNested(OptionSpec spec, WhereValue value)
    {
        if (!IsList(value.Text) || value.Text[0] != '(')
            throw new CommandSyntaxException($"option '{spec.Name}' expects '( key = value and ... )' at position {value.Position}",
                value.Position, ErrorCode.WrongOptionType);
        return (spec.Nested ?? Any()).Bind(WhereClause.ParseNested(value));
    }

    private static readonly object True = true;
    private static readonly object False = false;

    /// <summary>Small counts (threads, ports' worth of seconds...) are shared boxes: a bound int costs no allocation.</summary>
    private static readonly object[] SmallLongs = Enumerable.Range(0, 1024).Select(n => (object)(long)n).ToArray();

    private static object Box(long value) => value is >= 0 and < 1024 ? SmallLongs[value] : value;

    public static string Describe(OptionType type) => type switch
    {
        OptionType.Int => "an integer",
        OptionType.Float => "a number",
        OptionType.Bool => "true or false",
        OptionType.Time => "a time such as '30 seconds'",
        OptionType.Storage => "a size such as '10KB'",
        OptionType.IpPort => "ip:port",
        OptionType.Date => "a date",
        OptionType.Nested => "'( key = value and ... )'",
        OptionType.List => "a list '(a, b)'",
        OptionType.Dir => "a directory",
        _ => "text",
    };
}
