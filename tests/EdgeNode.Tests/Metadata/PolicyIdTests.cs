using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using EdgeNode.Metadata.Policies;

namespace EdgeNode.Tests.Metadata;

public sealed class PolicyIdTests
{
    private static JsonObject Parse(string json)
    {
        Assert.True(PolicyJson.TryParseObject(json, out var obj, out var error), error);
        return obj!;
    }

    private static string Id(string json) => PolicyIds.Compute(Parse(json));

    [Fact]
    public void Spec_vectors_give_edgelakes_ids()
    {
        Assert.Equal("d56960bdd3cccf24cc21474593fdc933", Id("{\"table\": {\"name\": \"ping_sensor\", \"dbms\": \"lsl_demo\"}}"));
        Assert.Equal("bdcaabb13748275f6a19bb9e72fc5b4c",
            Id("{\"operator\": {\"name\": \"op1\", \"company\": \"acme\", \"ip\": \"10.0.0.1\", \"port\": 32148, \"main\": true}}"));
    }

    /// <summary>Vectors whose md5 CPython 3.11 computed from str(json.loads(text)).</summary>
    public static TheoryData<string, string> CPythonVectors => new()
    {
        { "{\"tag\": {\"name\": \"caf\\u00e9 \\u65e5\\u672c\", \"emoji\": \"\\ud83d\\ude00\"}}", "fae64eb59393d05205c6e5048e88fb1d" },
        { "{\"note\": {\"text\": \"it's\", \"other\": \"say \\\"hi\\\"\", \"both\": \"it's \\\"x\\\"\"}}", "a2f2048dd148b243193f17430b1c8e6a" },
        { "{\"gauge\": {\"f1\": 1.0, \"f2\": 0.1, \"f3\": 1e-05, \"f4\": 1e16, \"f5\": 123456789.125, \"f6\": -0.0, \"f7\": 2.5e-7, \"f8\": 1E5}}", "5a26c8d3f308ef7d235dde19c857dfb0" },
        { "{\"flags\": {\"t\": true, \"f\": false, \"n\": null, \"i\": -0, \"big\": 12345678901234567890}}", "e866c6b9ce57eb4e6be2db69ef7d8349" },
        { "{\"nest\": {\"l\": [1, [2, [3, {\"a\": []}]], {}], \"d\": {\"x\": {\"y\": {\"z\": \"w\"}}}}}", "c456414a54d5567507c29b7c431d8aca" },
        { "{\"ctl\": {\"s\": \"tab\\tnl\\ncr\\rbs\\\\ bell\\u0007 del\\u007f nbsp\\u00a0 ls\\u2028 zw\\u200b\"}}", "c787db0ec259db99b250ca229adb703b" },
        { "{\"dup\": {\"a\": 1, \"b\": 2, \"a\": 3}}", "b219f795fb53f606222bd22acb79e51d" },
    };

    [Theory]
    [MemberData(nameof(CPythonVectors))]
    public void Ids_match_cpython_for_unicode_quotes_floats_and_nesting(string json, string expected)
    {
        Assert.Equal(expected, Id(json));
        Assert.Equal(expected, ReferencePolicyId.Of(json)); // the test's own rule agrees with CPython too
    }

    [Fact]
    public void Every_policy_of_the_real_edgelake_ledger_gets_the_id_edgelake_gave_it()
    {
        var text = File.ReadAllText(ReferenceOutputs.File("blockchain_get_all_final.txt"));
        var policies = JsonNode.Parse(text)!.AsArray();
        Assert.Equal(9, policies.Count);
        foreach (var item in policies)
        {
            var stored = item!.AsObject();
            var (type, body) = stored.First();
            var expected = body!["id"]!.GetValue<string>();
            // as the user wrote it: without what EdgeLake adds (id, date, ledger, an operator's member, status in a child cluster)
            var written = (JsonObject)body.DeepClone();
            foreach (var added in new[] { "id", "date", "ledger", "member" }) written.Remove(added);
            if (type == "cluster" && written["parent"] is not null)
            {
                written.Remove("status");
                foreach (var table in written["table"]!.AsArray()) table!.AsObject().Remove("status");
            }
            var policy = new JsonObject { [type] = written };
            Assert.Equal(expected, PolicyIds.Compute(policy));
            Assert.Equal(expected, ReferencePolicyId.Of(policy.ToJsonString()));
        }
    }

    [Fact]
    public void Generated_policies_get_the_ids_of_the_python_repr_rule()
    {
        var random = new Random(20260611);
        var cases = 0;
        for (; cases < 60; cases++)
        {
            var json = PolicyGenerator.Policy(random, cases);
            Assert.Equal(ReferencePolicyId.Of(json), Id(json));
        }
        Assert.True(cases >= 30);
    }

    [Fact]
    public void Date_and_ledger_do_not_change_the_id_and_come_back_after_it()
    {
        var plain = Parse("{\"config\": {\"name\": \"c\", \"script\": [\"run scheduler 1\"]}}");
        var dated = Parse("{\"config\": {\"name\": \"c\", \"date\": \"2020-01-01T00:00:00.000000Z\", \"ledger\": \"global\", \"script\": [\"run scheduler 1\"]}}");
        Assert.Equal(PolicyIds.Compute(plain), PolicyIds.Compute(dated));
        var body = dated["config"]!.AsObject();
        PolicyIds.AddIdAndDate(body, "config", new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc));
        Assert.Equal(["name", "script", "id", "date", "ledger"], body.Select(kv => kv.Key));
        Assert.Equal("2020-01-01T00:00:00.000000Z", body["date"]!.GetValue<string>());
        var fresh = plain["config"]!.AsObject();
        PolicyIds.AddIdAndDate(fresh, "config", new DateTime(2026, 1, 2, 3, 4, 5, 123, DateTimeKind.Utc).AddTicks(4560));
        Assert.Equal("2026-01-02T03:04:05.123456Z", fresh["date"]!.GetValue<string>());
    }

    [Fact]
    public void A_given_id_is_kept()
    {
        var body = Parse("{\"mapping\": {\"id\": \"my-map\", \"dbms\": \"d\", \"table\": \"t\"}}")["mapping"]!.AsObject();
        PolicyIds.AddIdAndDate(body, "mapping", DateTime.UtcNow);
        Assert.Equal("my-map", body["id"]!.GetValue<string>());
        Assert.NotNull(body["date"]);
    }

    [Fact]
    public void Cluster_and_table_ids_use_the_field_strings()
    {
        Assert.Equal(PolicyIds.Md5("table:company:acme:name:t:dbms:d:"), Id("{\"table\": {\"dbms\": \"d\", \"company\": \"acme\", \"name\": \"t\", \"create\": \"x\"}}"));
        Assert.Equal(PolicyIds.Md5("cluster:company:acme:name:c:parent:p1:table:[{'dbms': 'd', 'name': 't'}]:"),
            Id("{\"cluster\": {\"table\": [{\"dbms\": \"d\", \"name\": \"t\"}], \"parent\": \"p1\", \"name\": \"c\", \"company\": \"acme\", \"source\": \"s\"}}"));
    }
}
