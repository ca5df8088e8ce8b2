using System.Text.RegularExpressions;

namespace EdgeNode.TestSupport.Client;

/// <summary>
/// EdgeLake's answers to the <see cref="ClientQueryList"/> queries, recorded from a 4-node EdgeLake network by the interop
/// test <c>ClientQueryTests</c> into <c>tests/fixtures/edgelake/client/NAME.txt</c> (re-recorded with
/// <see cref="RecordVariable"/>=1, see the README there), and the normalization both networks' answers go through before
/// they are compared byte for byte: what must differ between two networks (the time a query took, node names, ports, policy
/// ids and dates, member ids) is replaced by the same text of the same width, so that table layouts still compare.
/// </summary>
public static partial class ClientAnswers
{
    /// <summary>Set to 1 to make the interop test write EdgeLake's answers as the fixtures instead of comparing with them.</summary>
    public const string RecordVariable = "EDGENODE_RECORD_CLIENT_FIXTURES";

    public static string Directory => Path.Combine(ReferenceOutputs.Directory, "client");

    public static bool Recording => Environment.GetEnvironmentVariable(RecordVariable) == "1";

    public static string FixturePath(ClientQuery query) => Path.Combine(Directory, query.Name + ".txt");

    /// <summary>EdgeLake's recorded (normalized) answer to a query; fails the test when it was never recorded.</summary>
    public static string Recorded(ClientQuery query)
    {
        var path = FixturePath(query);
        if (!File.Exists(path)) Assert.Fail($"no recorded EdgeLake answer for '{query.Command}' at {path}: record it ({RecordVariable}=1, see the README there)");
        return File.ReadAllText(path);
    }

    /// <summary>Writes a normalized answer as the fixture of a query.</summary>
    public static void Record(ClientQuery query, string normalized)
    {
        System.IO.Directory.CreateDirectory(Directory);
        File.WriteAllText(FixturePath(query), normalized);
    }

    /// <summary>An answer with what differs from network to network replaced (see the class summary).</summary>
    public static string Normalize(string answer)
    {
        var text = QueryReplies.Untimed(answer);
        text = NodeName().Replace(text, "cq-$1");
        text = PolicyId().Replace(text, new string('0', 32));
        text = PolicyDate().Replace(text, "\"date\": \"2000-01-01T00:00:00.000000Z\"");
        text = Address().Replace(text, "127.0.0.1:00000");
        text = PortNumber().Replace(text, "\"$1\": 0");
        text = MemberNumber().Replace(text, m => m.Value[..(m.Value.IndexOf(':', StringComparison.Ordinal) + 1)] + " 0");
        return MemberCell().Replace(text, m => "|" + "0".PadLeft(m.Groups[1].Length) + "|127.0.0.1");
    }

    [GeneratedRegex(@"\be[ln]-(master|op1|op2|query)\b")]
    private static partial Regex NodeName();

    [GeneratedRegex(@"\b[0-9a-f]{32}\b")]
    private static partial Regex PolicyId();

    [GeneratedRegex(@"""date"": ""[0-9T:.\-]+Z""")]
    private static partial Regex PolicyDate();

    [GeneratedRegex(@"127\.0\.0\.1:\d{5}")]
    private static partial Regex Address();

    [GeneratedRegex(@"""(port|rest_port)"": \d+")]
    private static partial Regex PortNumber();

    [GeneratedRegex(@"""(?:member|Member ID)"": \d+")]
    private static partial Regex MemberNumber();

    [GeneratedRegex(@"\|( *\d+)\|127\.0\.0\.1")]
    private static partial Regex MemberCell();
}
