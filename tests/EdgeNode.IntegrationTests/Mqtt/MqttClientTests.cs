using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using EdgeNode.Core.Commands;

namespace EdgeNode.IntegrationTests.Mqtt;

/// <summary>
/// <c>run mqtt client</c> against a real mosquitto started by the test: messages published with <c>mosquitto_pub</c> become
/// rows in the streamer (journal, then data files after <c>flush buffers</c>). Rows reach SQL once the operator runs;
/// these tests stop at the data files the operator picks up.
/// </summary>
public sealed class MqttClientTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static string Reading(int i) => $$"""{"timestamp": "2026-11-28 02:05:{{i % 60:D2}}", "value": {{i}}.5, "id": {{i}}}""";

    private static string Subscribe(int port, string extra = "", string topic = "test/rand", int qos = 1) =>
        $"run mqtt client where broker = 127.0.0.1 and port = {port}{extra} and topic = (name = {topic} and qos = {qos} and dbms = test and " +
        "table = rand_mqtt and column.timestamp.timestamp = \"bring [timestamp]\" and column.value.float = \"bring [value]\" and " +
        "column.id.int = \"bring [id]\")";

    [Fact]
    public async Task Messages_published_to_mosquitto_at_qos_1_become_rows_in_the_streamer()
    {
        await using var mosquitto = await MosquittoServer.StartAsync();
        await using var node = new MqttTestNode();
        await node.OkAsync(Subscribe(mosquitto.Port));
        await node.WaitForConnectionAsync("Connected");

        var published = await MosquittoClients.PublishAsync(mosquitto.Port, "test/rand", Enumerable.Range(0, 200).Select(Reading), qos: 1);
        Assert.Equal(0, published.ExitCode);
        var counters = await node.WaitForMessagesAsync(200);
        Assert.Equal((200L, 200L, 0L), counters);
        // acknowledged means journaled: every row is in the journal before any flush
        Assert.Equal(200, node.JournaledRows("test", "rand_mqtt").Count);

        var rows = await node.FlushedRowsAsync("test", "rand_mqtt");
        Assert.Equal(200, rows.Count);
        Assert.Equal("""{"timestamp":"2026-11-28T02:05:07.000000Z","value":7.5,"id":7}""", ToUtcRow(rows[7]));
        Assert.Equal(Enumerable.Range(0, 200), rows.Select(r => JsonDocument.Parse(r).RootElement.GetProperty("id").GetInt32()));
        var streaming = await node.OkAsync("get streaming");
        Assert.Matches(@"test\.rand_mqtt\s*\|\s*0\|\s*0\| \|\s*200\|\s*200\|", streaming);
    }

    /// <summary>The timestamps in the message have no offset: they are local time, converted to UTC like EdgeLake does.</summary>
    private static string ToUtcRow(string row)
    {
        var expected = DateTime.SpecifyKind(new DateTime(2026, 11, 28, 2, 5, 7), DateTimeKind.Local).ToUniversalTime();
        return row.Replace(expected.ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), "2026-11-28T02:05:07",
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_msg_clients_shows_the_subscription_in_edgelake_shape()
    {
        await using var mosquitto = await MosquittoServer.StartAsync();
        await using var node = new MqttTestNode();
        await node.OkAsync($"run msg client where broker = 127.0.0.1 and port = {mosquitto.Port} and topic = (name = test/rand and dbms = test and " +
                           "table = rand_mqtt and column.timestamp.timestamp = \"bring [timestamp]\" and column.value.float = \"bring [value]\")");
        await node.WaitForConnectionAsync("Connected");
        var text = await node.OkAsync("get msg clients");
        var expected = string.Join("\r\n",
            "",
            "Subscription ID: 0001",
            "User:         unused",
            $"Broker:       127.0.0.1:{mosquitto.Port}",
            "Connection:   Connected",
            "",
            "     Messages    Success     Errors      Last message time    Last error time      Last Error",
            "     ----------  ----------  ----------  -------------------  -------------------  ----------------------------------",
            "              0           0           0  ",
            "     ",
            "     Subscribed Topics:",
            "     Topic     Dynamic QOS DBMS Table     Column name Column Type Mapping Function Optional Policies ",
            "     ---------|-------|---|----|---------|-----------|-----------|----------------|--------|--------|",
            "     test/rand|False  |  0|test|rand_mqtt|timestamp  |timestamp  |['[timestamp]'] |False   |        |",
            "              |False  |   |    |         |value      |float      |['[value]']     |False   |        |",
            "");
        Assert.Equal(expected, text);
        Assert.Matches(@"MQTT\s+\|Running\s+\|Subscriptions: 1, Connected: 1", await node.OkAsync("get processes"));
    }

    [Fact]
    public async Task Bad_messages_are_counted_and_logged_and_good_ones_still_load()
    {
        await using var mosquitto = await MosquittoServer.StartAsync();
        await using var node = new MqttTestNode();
        await node.OkAsync(Subscribe(mosquitto.Port));
        await node.WaitForConnectionAsync("Connected");
        string[] messages =
        [
            Reading(1),
            "this is not json",
            """{"timestamp": "2026-11-28 02:05:00", "value": "high", "id": 2}""",
            """{"value": 3.5, "id": 3}""",
            Reading(4),
            """[1, 2]""",
            Reading(5),
        ];
        Assert.Equal(0, (await MosquittoClients.PublishAsync(mosquitto.Port, "test/rand", messages, qos: 1)).ExitCode);
        Assert.Equal((7L, 3L, 4L), await node.WaitForMessagesAsync(7));

        var errors = await node.OkAsync("get error log where format = json");
        Assert.Contains("the message is not valid JSON (line 1, byte ", errors, StringComparison.Ordinal);
        Assert.Contains("column 'value': 'high' is not a number", errors, StringComparison.Ordinal);
        Assert.Contains("column 'timestamp': [timestamp] is not in the message", errors, StringComparison.Ordinal);
        Assert.Contains("the message is a list whose elements are not all JSON objects", errors, StringComparison.Ordinal);
        var report = await node.OkAsync("get msg clients");
        Assert.Contains("the message is a list whose elements are not all JSON objects", report, StringComparison.Ordinal);
        var ids = (await node.FlushedRowsAsync("test", "rand_mqtt")).Select(r => JsonDocument.Parse(r).RootElement.GetProperty("id").GetInt32());
        Assert.Equal([1, 4, 5], ids);
    }

    [Fact]
    public async Task A_broker_restart_mid_stream_loses_no_qos_1_message()
    {
        await using var mosquitto = await MosquittoServer.StartAsync(persistence: true);
        await using var node = new MqttTestNode();
        await node.OkAsync(Subscribe(mosquitto.Port, " and client_id = edgenode-restart-test"));
        await node.WaitForConnectionAsync("Connected");

        Assert.Equal(0, (await MosquittoClients.PublishAsync(mosquitto.Port, "test/rand", Enumerable.Range(0, 1000).Select(Reading), qos: 1)).ExitCode);
        // the broker goes down while the client is still receiving the first batch
        await mosquitto.RestartAsync();
        // published before the client is back: the broker queues them in the client's persistent session
        Assert.Equal(0, (await MosquittoClients.PublishAsync(mosquitto.Port, "test/rand", Enumerable.Range(1000, 500).Select(Reading), qos: 1)).ExitCode);
        await node.WaitForConnectionAsync("Connected");
        Assert.Equal(0, (await MosquittoClients.PublishAsync(mosquitto.Port, "test/rand", Enumerable.Range(1500, 500).Select(Reading), qos: 1)).ExitCode);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        HashSet<int> ids;
        do
        {
            await Task.Delay(100, Cancellation);
            ids = node.JournaledRows("test", "rand_mqtt").Select(r => JsonDocument.Parse(r).RootElement.GetProperty("id").GetInt32()).ToHashSet();
        } while (ids.Count < 2000 && DateTime.UtcNow < deadline);
        // at least once: a message journaled but not yet acknowledged when the broker went down comes again
        Assert.Equal(Enumerable.Range(0, 2000), ids.Order());
        Assert.Contains("connection to 127.0.0.1:", await node.OkAsync("get error log"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_stopped_mid_stream_leaves_what_it_did_not_journal_to_the_broker()
    {
        await using var mosquitto = await MosquittoServer.StartAsync();
        await using var node = new MqttTestNode();
        await node.OkAsync(Subscribe(mosquitto.Port, " and client_id = edgenode-stop-test"));
        await node.WaitForConnectionAsync("Connected");
        var publishing = MosquittoClients.PublishAsync(mosquitto.Port, "test/rand", Enumerable.Range(0, 3000).Select(Reading), qos: 1);
        await Eventually.HoldsAsync(() => node.JournaledRows("test", "rand_mqtt").Count >= 300, "the stream under way");
        await node.OkAsync("exit msg client 1"); // mid-stream: messages are in flight to the client
        Assert.Equal(0, (await publishing).ExitCode);
        // the same session again: the broker delivers every message the client did not acknowledge
        await node.OkAsync(Subscribe(mosquitto.Port, " and client_id = edgenode-stop-test"));
        HashSet<int> ids = [];
        await Eventually.HoldsAsync(() =>
        {
            ids = node.JournaledRows("test", "rand_mqtt").Select(r => JsonDocument.Parse(r).RootElement.GetProperty("id").GetInt32()).ToHashSet();
            return ids.Count == 3000;
        }, "every message journaled", TimeSpan.FromSeconds(30));
        Assert.Equal(Enumerable.Range(0, 3000), ids.Order());
    }

    [Fact]
    public async Task After_a_reconnect_the_client_subscribes_again()
    {
        // no persistence, clean session: the restarted broker knows nothing of the subscription
        await using var mosquitto = await MosquittoServer.StartAsync();
        await using var node = new MqttTestNode();
        await node.OkAsync(Subscribe(mosquitto.Port, " and clean_session = true", qos: 0));
        await node.WaitForConnectionAsync("Connected");
        await mosquitto.RestartAsync();
        await node.WaitForConnectionAsync("Connected");
        Assert.Equal(0, (await MosquittoClients.PublishAsync(mosquitto.Port, "test/rand", Enumerable.Range(0, 10).Select(Reading))).ExitCode);
        Assert.Equal((10L, 10L, 0L), await node.WaitForMessagesAsync(10));
    }

    [Fact]
    public async Task Mqtt_5_client_with_qos_2_and_wildcards_maps_dbms_and_table_from_the_message()
    {
        await using var mosquitto = await MosquittoServer.StartAsync();
        await using var node = new MqttTestNode();
        await node.OkAsync($"run msg client where broker = 127.0.0.1 and port = {mosquitto.Port} and protocol = 5 and topic = (name = \"factory/+/readings\" and " +
                           "qos = 2 and dbms = \"bring [site]\" and table = \"bring [machine] _ [line]\" and column.ts.timestamp = now and " +
                           "column.sensor.str = \"bring [readings][][sensor]\" and column.value = (type = float and value = \"bring [readings][][v]\") and " +
                           "column.unit = (type = str and value = \"bring [readings][][unit]\" and optional = true) and column.plant.str = Lyon)");
        await node.WaitForConnectionAsync("Connected");
        const string message = """{"site": "Acme", "machine": "Press", "line": 7, "readings": [{"sensor": "t1", "v": 21.5, "unit": "C"}, {"sensor": "p1", "v": 3}]}""";
        Assert.Equal(0, (await MosquittoClients.PublishAsync(mosquitto.Port, "factory/east/readings", [message], qos: 2, "-V", "mqttv5")).ExitCode);
        await node.WaitForMessagesAsync(1);
        var rows = await node.FlushedRowsAsync("acme", "press_7");
        Assert.Equal(2, rows.Count);
        var first = JsonDocument.Parse(rows[0]).RootElement;
        // constant columns first, then the per-element ones
        Assert.Equal(["ts", "plant", "sensor", "value", "unit"], first.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Lyon", first.GetProperty("plant").GetString());
        Assert.Equal(21.5, first.GetProperty("value").GetDouble());
        Assert.True(DateTime.UtcNow - first.GetProperty("ts").GetDateTime().ToUniversalTime() < TimeSpan.FromMinutes(1));
        var second = JsonDocument.Parse(rows[1]).RootElement;
        Assert.Equal("p1", second.GetProperty("sensor").GetString());
        Assert.Equal(3.0, second.GetProperty("value").GetDouble());
        Assert.False(second.TryGetProperty("unit", out _));
    }

    [Fact]
    public async Task A_qos_2_message_sent_again_after_a_lost_connection_is_mapped_once()
    {
        const int pubRec = 5, pubComp = 7;
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        await using var node = new MqttTestNode();
        await node.OkAsync($"run mqtt client where broker = 127.0.0.1 and port = {((IPEndPoint)listener.LocalEndpoint).Port} and client_id = en-once and " +
                           "topic = (name = meter and qos = 2 and dbms = test and table = meter and column.n.int = \"bring [n]\")");
        using (var first = await ScriptedMqttConnection.AcceptAsync(listener, Cancellation))
        {
            await first.AcceptClientAsync(sessionPresent: false, Cancellation);
            await first.WriteAsync(ScriptedMqttConnection.PublishExactlyOnce("meter", 7, "{\"n\": 1}", duplicate: false), Cancellation);
            Assert.Equal([0x00, 0x07], await first.ExpectAsync(pubRec, Cancellation)); // journaled, then acknowledged
        } // the connection drops before the broker's PUBREL: the broker sends the message again
        using var second = await ScriptedMqttConnection.AcceptAsync(listener, Cancellation);
        await second.AcceptClientAsync(sessionPresent: true, Cancellation);
        await second.WriteAsync(ScriptedMqttConnection.PublishExactlyOnce("meter", 7, "{\"n\": 1}", duplicate: true), Cancellation);
        Assert.Equal([0x00, 0x07], await second.ExpectAsync(pubRec, Cancellation));
        await second.WriteAsync([0x62, 0x02, 0x00, 0x07], Cancellation); // PUBREL
        Assert.Equal([0x00, 0x07], await second.ExpectAsync(pubComp, Cancellation));
        // released: the packet id carries a new message
        await second.WriteAsync(ScriptedMqttConnection.PublishExactlyOnce("meter", 7, "{\"n\": 2}", duplicate: false), Cancellation);
        Assert.Equal([0x00, 0x07], await second.ExpectAsync(pubRec, Cancellation));

        Assert.Equal(["{\"n\":1}", "{\"n\":2}"], await node.FlushedRowsAsync("test", "meter"));
        Assert.Equal((2L, 2L, 0L), await node.CountersAsync());
    }

    [Fact]
    public async Task Exit_msg_client_stops_one_subscription_and_the_last_one_stops_the_process()
    {
        await using var mosquitto = await MosquittoServer.StartAsync();
        await using var node = new MqttTestNode();
        await node.OkAsync(Subscribe(mosquitto.Port));
        await node.OkAsync(Subscribe(mosquitto.Port, topic: "test/other"));
        var duplicate = await node.Node.RunAsync(Subscribe(mosquitto.Port));
        Assert.True(duplicate.IsError);
        Assert.Contains("topic 'test/rand' is already registered for broker '127.0.0.1:", duplicate.Text, StringComparison.Ordinal);
        // one connection per client id and broker: a second one would take the connection from the first, back and forth
        await node.OkAsync(Subscribe(mosquitto.Port, " and client_id = en-shared", topic: "test/third"));
        var shared = await node.Node.RunAsync(Subscribe(mosquitto.Port, " and client_id = en-shared", topic: "test/fourth"));
        Assert.Equal(ErrorCode.WrongOption, shared.Code);
        Assert.Contains("client_id 'en-shared' is used by subscription 0003", shared.Text, StringComparison.Ordinal);
        await node.OkAsync("exit msg client 3");
        await node.WaitForConnectionAsync("Connected", id: 2);

        // 'pool' names the MSG Client Pool row, never a subscription: both subscriptions stay
        var pool = await node.Node.RunAsync("exit msg client pool");
        Assert.Equal("Error 11: Process not running: MSG Client Pool is not running", pool.ErrorLine);
        Assert.Matches(@"Subscription ID: 0001[\s\S]*Subscription ID: 0002", await node.OkAsync("get msg clients"));

        await node.OkAsync("exit msg client 1");
        Assert.Contains("Subscription ID: 0002", await node.OkAsync("get msg clients"), StringComparison.Ordinal);
        Assert.DoesNotContain("Subscription ID: 0001", await node.OkAsync("get msg clients"), StringComparison.Ordinal);
        Assert.True((await node.Node.RunAsync("exit msg client 7")).IsError);
        await node.OkAsync("exit msg client 2");
        Assert.Matches(@"MQTT\s+\|Not declared", await node.OkAsync("get processes"));
        Assert.Equal("\r\nNo message client subscriptions", await node.OkAsync("get msg clients"));
        // the topic is free again
        await node.OkAsync(Subscribe(mosquitto.Port));
        await node.OkAsync(Subscribe(mosquitto.Port, topic: "test/other"));
        await node.OkAsync("exit msg client all");
        Assert.Matches(@"MQTT\s+\|Not declared", await node.OkAsync("get processes"));
        Assert.Equal("\r\nNo message client subscriptions", await node.OkAsync("get msg clients"));
        await node.OkAsync(Subscribe(mosquitto.Port));
        await node.OkAsync("exit mqtt");
    }

    [Fact]
    public async Task Wrong_options_are_rejected_with_the_reason()
    {
        await using var node = new MqttTestNode();
        (string Line, string Reason)[] cases =
        [
            ("run msg client where broker = 127.0.0.1 and port = 1883", "missing required option 'topic'"),
            ("run msg client where broker = 127.0.0.1 and topic = (name = a/# and table = t)", "'dbms' is missing"),
            ("run msg client where broker = 127.0.0.1 and topic = (name = a/#/b and dbms = d and table = t)", "'#' must be a whole level and the last one"),
            ("run msg client where broker = 127.0.0.1 and topic = (name = a and dbms = d and table = t and column.x.money = \"bring [x]\")", "unknown type 'money'"),
            ("run msg client where broker = 127.0.0.1 and topic = (name = a and dbms = d and table = t and qos = 3)", "qos = 3: expected 0, 1 or 2"),
            ("run msg client where broker = 127.0.0.1 and protocol = 4.0 and topic = (name = a and dbms = d and table = t)", "protocol = 4.0"),
            ("run msg client where broker = 127.0.0.1 and topic = (name = a and dbms = d and table = t and column.x.int = \"bring [a\")", "is not closed"),
            ("run msg client where broker = local and user-agent = anylog and topic = (name = a and dbms = d and table = t)", "user-agent applies to broker = rest only"),
        ];
        foreach (var (line, reason) in cases)
        {
            var result = await node.Node.RunAsync(line);
            Assert.True(result.IsError, line);
            Assert.Contains(reason, result.Text, StringComparison.Ordinal);
        }
        Assert.Matches(@"MQTT\s+\|Not declared", await node.OkAsync("get processes"));
    }

    [Fact]
    public async Task Tls_with_a_client_certificate_connects_to_mosquitto()
    {
        using var ca = TestCertificateAuthority.Create("MQTT Test CA");
        using var server = ca.Issue("127.0.0.1", server: true);
        using var client = ca.Issue("edgenode", server: false);
        var dir = Directory.CreateTempSubdirectory("mqtt-tls-").FullName;
        try
        {
            string Write(string name, string pem)
            {
                var path = Path.Combine(dir, name);
                File.WriteAllText(path, pem);
                return path;
            }
            var caFile = Write("ca.crt", ca.Certificate.ExportCertificatePem());
            var serverCert = Write("server.crt", server.ExportCertificatePem());
            var serverKey = Write("server.key", server.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
            var clientCert = Write("client.crt", client.ExportCertificatePem());
            var clientKey = Write("client.key", client.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
            await using var mosquitto = await MosquittoServer.StartAsync(
                extraConfig: $"cafile {caFile}\ncertfile {serverCert}\nkeyfile {serverKey}\nrequire_certificate true");
            await using var node = new MqttTestNode();

            // without a client certificate the broker refuses the handshake: the reason shows, the client keeps retrying
            await node.OkAsync(Subscribe(mosquitto.Port, $" and ssl = true and ca_file = {caFile}", topic: "test/refused"));
            await node.OkAsync(Subscribe(mosquitto.Port, $" and ssl = true and ca_file = {caFile} and cert_file = {clientCert} and key_file = {clientKey}"));
            await node.WaitForConnectionAsync("Connected", id: 2);
            Assert.Matches(@"Connection:   Not connected: .+", await node.OkAsync("get msg clients where id = 1"));

            var published = await MosquittoClients.PublishAsync(mosquitto.Port, "test/rand", Enumerable.Range(0, 20).Select(Reading), qos: 1,
                "--cafile", caFile, "--cert", clientCert, "--key", clientKey);
            Assert.True(published.ExitCode == 0, published.Errors);
            Assert.Equal((20L, 20L, 0L), await node.WaitForMessagesAsync(20, id: 2));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task User_and_password_log_in_to_mosquitto_and_a_refusal_shows_why()
    {
        await using var mosquitto = await MosquittoServer.StartAsync(user: ("edge", "s3cret"));
        await using var node = new MqttTestNode();
        await node.OkAsync(Subscribe(mosquitto.Port, " and user = edge and password = guess", topic: "test/refused"));
        await node.OkAsync(Subscribe(mosquitto.Port, " and user = edge and password = s3cret and log_error = true"));
        await node.WaitForConnectionAsync("Connected", id: 2);
        await node.WaitForConnectionAsync("Not connected: the broker refused the connection: NotAuthorized", id: 1);
        Assert.Contains("User:         edge\r\n", await node.OkAsync("get msg clients where id = 2"), StringComparison.Ordinal);

        string[] messages = [Reading(1), """{"timestamp": "2026-11-28 02:05:00", "value": "high", "id": 2}"""];
        var published = await MosquittoClients.PublishAsync(mosquitto.Port, "test/rand", messages, qos: 1, "-u", "edge", "-P", "s3cret");
        Assert.True(published.ExitCode == 0, published.Errors);
        Assert.Equal((2L, 1L, 1L), await node.WaitForMessagesAsync(2, id: 2));
        // log_error = true: the error log shows the message that failed, next to the reason
        var errors = JsonDocument.Parse(await node.OkAsync("get error log where format = json")).RootElement.EnumerateArray()
            .Select(e => e.GetProperty("message").GetString());
        Assert.Contains("""Message client 0002: topic 'test/rand': column 'value': 'high' is not a number (message: {"timestamp": "2026-11-28 02:05:00", "value": "high", "id": 2})""",
            errors);
    }

    [Fact]
    public async Task One_client_maps_several_topic_blocks_and_reports_each()
    {
        await using var mosquitto = await MosquittoServer.StartAsync();
        await using var node = new MqttTestNode();
        await node.OkAsync($"run msg client where broker = 127.0.0.1 and port = {mosquitto.Port} and qos = 1 and " +
                           "topic = (name = site/temp and dbms = plant and table = temp and column.c.float = \"bring [c]\") and " +
                           "topic = (name = \"site/+/power\" and qos = 0 and dbms = plant and table = power and column.kw.float = \"bring [kw]\")");
        await node.WaitForConnectionAsync("Connected");
        Assert.Equal(0, (await MosquittoClients.PublishAsync(mosquitto.Port, "site/temp", ["{\"c\": 21.5}", "{\"c\": \"warm\"}"], qos: 1)).ExitCode);
        Assert.Equal(0, (await MosquittoClients.PublishAsync(mosquitto.Port, "site/a/power", ["{\"kw\": 3}"], qos: 1)).ExitCode);
        Assert.Equal((3L, 2L, 1L), await node.WaitForMessagesAsync(3));
        Assert.Equal(["{\"c\":21.5}"], await node.FlushedRowsAsync("plant", "temp"));
        Assert.Equal(["{\"kw\":3}"], await node.FlushedRowsAsync("plant", "power"));

        var statistics = await node.OkAsync("get msg clients where statistics = true");
        Assert.Matches(@"site/temp\s*\|\s*2\|\s*1\|\s*1\|[^|]+\|[^|]+\|column 'c': 'warm' is not a number", statistics);
        Assert.Matches(@"site/\+/power\s*\|\s*1\|\s*1\|\s*0\|", statistics);
        var report = await node.OkAsync($"get msg clients where broker = 127.0.0.1:{mosquitto.Port} and topic = site/temp");
        Assert.Matches(@"site/temp\s*\|False\s*\|\s*1\|plant\|temp", report);
        Assert.Matches(@"site/\+/power\s*\|False\s*\|\s*0\|plant\|power", report);
        Assert.Equal("\r\nNo message client subscriptions", await node.OkAsync("get msg clients where broker = local"));
    }
}
