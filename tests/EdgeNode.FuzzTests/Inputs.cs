using System.Text;

namespace EdgeNode.FuzzTests;

/// <summary>
/// Generated hostile inputs: valid seeds of each surface, mutated (bytes flipped, parts repeated, cut, nested, huge
/// numbers, control and non-UTF-8 bytes). Seeded, so a failure names the seed that reproduces it.
/// </summary>
public sealed class Inputs(int seed)
{
    private readonly Random _random = new(seed);

    public int Seed => seed;

    private static readonly string[] Pieces =
    [
        "(", ")", "[", "]", "{", "}", "\"", "'", "`", "=", "==", "!", "!x", "$HOME", "&", "<", ">", "and", "or", "not", "where", "+", "-", "**",
        "\\", "\n", "\t", "\0", "%", "#", ",", ":", ";", "select", "from", "*", "1e308", "99999999999999999999", "-1", "0", "NaN", "\ud800",
        "é", "\u202e", "../../etc/passwd", "!blockchain_file", "( name = x and dbms = y )",
    ];

    public string Pick(IReadOnlyList<string> items) => items[_random.Next(items.Count)];

    public int Next(int max) => _random.Next(max);

    public string NextLong() => (_random.NextInt64() * (_random.Next(2) == 0 ? 1 : -1)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A mutation of <paramref name="seedText"/>: 1 to 4 edits.</summary>
    public string Mutate(string seedText)
    {
        var text = new StringBuilder(seedText);
        for (var edits = 1 + _random.Next(4); edits > 0; edits--)
        {
            var at = text.Length == 0 ? 0 : _random.Next(text.Length + 1);
            switch (_random.Next(8))
            {
                case 0: text.Insert(at, Pick(Pieces)); break;
                case 1 when text.Length > 0: text.Remove(Math.Min(at, text.Length - 1), Math.Min(1 + _random.Next(8), text.Length - Math.Min(at, text.Length - 1))); break;
                case 2: text.Insert(at, (char)_random.Next(0, 0x3000)); break;
                case 3: text.Insert(at, Repeat(Pick(["(", "[", "{", "not ", "- ", "1+"]), 1 + _random.Next(3000))); break;
                case 4 when text.Length > 0: text.Length = at; break;
                case 5: text.Insert(at, Repeat(Pick(Pieces), 1 + _random.Next(50))); break;
                case 6: text.Insert(at, _random.NextInt64().ToString(System.Globalization.CultureInfo.InvariantCulture)); break;
                default: text.Insert(at, " " + Pick(Pieces) + " "); break;
            }
        }
        return text.ToString();
    }

    public byte[] Bytes(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        return bytes;
    }

    public static string Repeat(string part, int times) => new StringBuilder(part.Length * times).Insert(0, part, times).ToString();

    public static readonly string[] Commands =
    [
        "get status", "get processes", "get streaming", "get operator", "echo hello", "x = 5", "python !x * 2 + 1", "if !x == 5 then y = 1",
        "blockchain get * where name = x", "get dictionary x", "set buffer threshold where time = 1 second and volume = 10MB",
        "sql fuzz format = json \"select count(*) from t\"", "get columns where dbms = fuzz and table = t", "time file get", "get error log",
        "run client () get status", "blockchain get operator bring [operator][name]", "get rest calls", "wait 0.01", "get msg clients",
        "set policy p [a][b] = 1", "python 'a b'.split()[0].upper()", "incr !x 4", "get tcp pool", "help get status",
    ];

    public static readonly string[] Statements =
    [
        "select count(*) from t", "select a, b from t where a > 1 and (b < 2 or c = 'x') order by a limit 10",
        "select avg(v), min(v), max(v) from t group by d having count(*) > 1",
        "select increments(minute, 5, timestamp), count(*) from t where timestamp > now() - 3 days",
        "select period(hour, 1, now(), timestamp), sum(v) from t", "select distinct d from t where d in ('a', 'b') and v between 1 and 2",
        "select cast(v as float)::float(2), case when v > 1 then 'big' else 'small' end from t where v is not null",
        "select extract(hour from timestamp), count(distinct d) from t where d like 'x%'",
    ];

    public static readonly string[] Rows =
    [
        "{\"ts\": \"2026-11-28T02:00:00Z\", \"v\": 1, \"d\": \"dev1\"}", "{\"v\": 1.5, \"d\": \"x\", \"on\": true, \"nested\": {\"a\": [1, 2]}}",
        "[{\"v\": 1}, {\"v\": 2}]", "{\"v\": null}", "{\"name\": \"é ü\", \"list\": [1, \"a\", null]}",
    ];
}
