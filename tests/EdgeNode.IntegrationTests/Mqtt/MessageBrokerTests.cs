using System.Diagnostics;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace EdgeNode.IntegrationTests.Mqtt;

/// <summary>
/// <c>run message broker</c> driven by the mosquitto command-line clients as a user would: connect and authenticate,
/// QoS 0/1/2 round trips, retained messages, wills, fan-out, persistent sessions, MQTT 3.1/3.1.1/5, TLS, and local
/// ingest of topics mapped by <c>run msg client where broker = local</c>.
/// </summary>
public sealed class MessageBrokerTests : IDisposable
{
    private readonly TestCertificateAuthority _ca = TestCertificateAuthority.Create("EdgeNode Broker CA");

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static async Task<int> StartBrokerAsync(MqttTestNode node, string extra = "")
    {
        var port = FreePort.Get();
        await node.OkAsync($"run message broker where internal_ip = 127.0.0.1 and internal_port = {port} and bind = true{extra}");
        return port;
    }

    [Fact]
    public async Task Messages_published_to_the_broker_are_mapped_by_local_subscriptions()
    {
        await using var node = new MqttTestNode();
        var port = await StartBrokerAsync(node);
        await node.OkAsync("run msg client where broker = local and topic = (name = test/local and dbms = test and table = rand_broker and " +
                           "column.timestamp.timestamp = \"bring [timestamp]\" and column.value.float = \"bring [value]\")");
        await node.WaitForConnectionAsync("Connected to local Message Server");
        var lines = Enumerable.Range(0, 300).Select(i => $$"""{"timestamp": "2026-11-28T02:06:{{i % 60:D2}}Z", "value": {{i}}}""");
        // QoS 1: mosquitto_pub waits for each PUBACK (EdgeLake answers PUBREC here and mosquitto_pub gives up)
        var published = await MosquittoClients.PublishAsync(port, "test/local", lines, qos: 1);
        Assert.True(published.ExitCode == 0, published.Errors);
        Assert.Equal(0, (await MosquittoClients.PublishAsync(port, "test/unmapped", ["{\"a\": 1}"], qos: 1)).ExitCode);

        // acknowledged means journaled: the rows are there as soon as mosquitto_pub is done
        Assert.Equal(300, node.JournaledRows("test", "rand_broker").Count);
        Assert.Equal((300L, 300L, 0L), await node.CountersAsync());
        var rows = await node.FlushedRowsAsync("test", "rand_broker");
        Assert.Equal("""{"timestamp":"2026-11-28T02:06:05.000000Z","value":5}""", rows[5]);
        Assert.Equal(300, rows.Count);

        var topics = await node.OkAsync("get msg broker");
        Assert.Matches(@$"127\.0\.0\.1:{port}\|test/local\s*\|[^|]+\|\s*300\|\s*300\|\s*0\|", topics);
        Assert.Matches(@"test/unmapped\s*\|[^|]+\|\s*1\|\s*1\|\s*0\|", topics);
        var events = await node.OkAsync("get local broker");
        Assert.Contains("Message Broker Stat", events, StringComparison.Ordinal);
        Assert.Matches(@$"MQTT    \|127\.0\.0\.1:{port}\|PUBLISH\s*\|\s*301\|", events);
        // a message no local subscription maps is delivered to subscribers only, and counted as such
        Assert.Matches(@$"MQTT    \|127\.0\.0\.1:{port}\|Not mapped \(no local subscription\)\|\s*1\|", events);

        // every PUBLISH went through a worker of the pool, each back to idle
        Assert.Matches(@"^MSG Pool with 6 threads: +\[0, 0, 0, 0, 0, 0\] \(301\)$", await node.OkAsync("get msg pool"));
        var pool = (await node.OkAsync("get msg pool where details = true")).Split("\r\n");
        Assert.Equal(["Thread", "Status", "Task", "Since"], pool[2].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(6, pool.Count(l => l.Contains("|idle  |", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_msg_pool_of_a_broker_that_does_not_run_is_an_error()
    {
        await using var node = new TestNode();
        var result = await node.RunAsync("get msg pool where details = true");
        Assert.Equal(EdgeNode.Core.Commands.ErrorCode.ProcessNotRunning, result.Code);
        Assert.Contains("run message broker", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_given_the_address_of_the_nodes_own_broker_maps_locally()
    {
        await using var node = new MqttTestNode();
        var port = await StartBrokerAsync(node);
        await node.OkAsync($"run msg client where broker = 127.0.0.1 and port = {port} and topic = (name = own and dbms = test and table = own and column.n.int = \"bring [n]\")");
        Assert.Contains("Broker:       local\r\nConnection:   Connected to local Message Server", await node.OkAsync("get msg clients"), StringComparison.Ordinal);
        Assert.Equal(0, (await MosquittoClients.PublishOneAsync(port, "own", "{\"n\": 5}", "-q", "1")).ExitCode);
        Assert.Equal(["{\"n\":5}"], await node.FlushedRowsAsync("test", "own"));
    }

    [Fact]
    public async Task Every_qos_round_trips_to_every_subscriber()
    {
        await using var node = new MqttTestNode();
        var port = await StartBrokerAsync(node);
        using var first = await MosquittoClients.SubscribeAsync(port, "plant/#", 3, TimeSpan.FromSeconds(20), "-q", "2");
        using var second = await MosquittoClients.SubscribeAsync(port, "plant/+/temp", 3, TimeSpan.FromSeconds(20), "-q", "2", "-V", "mqttv5");
        for (var qos = 0; qos <= 2; qos++)
        {
            var published = await MosquittoClients.PublishOneAsync(port, "plant/a/temp", $"reading qos {qos}", "-q", qos.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.True(published.ExitCode == 0, published.Errors);
        }
        // three publishers, one after the other: MQTT orders messages per publisher only, and a QoS 0 publisher may have
        // left before the broker handled its message, so the next one's message can be delivered first
        string[] expected = ["reading qos 0", "reading qos 1", "reading qos 2"];
        Assert.Equal(expected, (await first.CompleteAsync(TimeSpan.FromSeconds(20))).Order(StringComparer.Ordinal));
        Assert.Equal(expected, (await second.CompleteAsync(TimeSpan.FromSeconds(20))).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Mqtt_3_1_3_1_1_and_5_clients_connect_and_publish()
    {
        await using var node = new MqttTestNode();
        var port = await StartBrokerAsync(node);
        using var subscriber = await MosquittoClients.SubscribeAsync(port, "versions", 3, TimeSpan.FromSeconds(20), "-V", "mqttv31");
        foreach (var version in new[] { "mqttv31", "mqttv311", "mqttv5" })
        {
            var published = await MosquittoClients.PublishOneAsync(port, "versions", version, "-V", version, "-q", "1");
            Assert.True(published.ExitCode == 0, $"{version}: {published.Errors}");
        }
        Assert.Equal(["mqttv31", "mqttv311", "mqttv5"], await subscriber.CompleteAsync(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task A_retained_message_reaches_later_subscribers_also_after_a_broker_restart()
    {
        await using var node = new MqttTestNode();
        var port = await StartBrokerAsync(node);
        Assert.Equal(0, (await MosquittoClients.PublishOneAsync(port, "config/mode", "eco", "-r", "-q", "1")).ExitCode);
        using (var late = await MosquittoClients.SubscribeAsync(port, "config/#", 1, TimeSpan.FromSeconds(10)))
            Assert.Equal(["eco"], await late.CompleteAsync(TimeSpan.FromSeconds(10)));

        // the broker keeps it across a restart (of the broker, or of the node)
        await node.OkAsync("exit broker");
        await node.OkAsync($"run message broker where internal_ip = 127.0.0.1 and internal_port = {port} and bind = true");
        using var after = await MosquittoClients.SubscribeAsync(port, "config/#", 1, TimeSpan.FromSeconds(10));
        Assert.Equal(["eco"], await after.CompleteAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task The_will_of_a_client_that_vanishes_is_published()
    {
        await using var node = new MqttTestNode();
        var port = await StartBrokerAsync(node);
        using var watcher = await MosquittoClients.SubscribeAsync(port, "status/device7", 1, TimeSpan.FromSeconds(20));
        using var device = await MosquittoClients.SubscribeAsync(port, "commands/device7", 100, TimeSpan.FromSeconds(60),
            "--will-topic", "status/device7", "--will-payload", "offline", "-k", "5");
        device.Kill(); // SIGKILL: no DISCONNECT, so the broker publishes the will
        Assert.Equal(["offline"], await watcher.CompleteAsync(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task A_client_silent_past_its_keep_alive_is_disconnected_and_its_will_published()
    {
        await using var node = new MqttTestNode();
        var port = await StartBrokerAsync(node);
        using var watcher = await MosquittoClients.SubscribeAsync(port, "status/frozen", 1, TimeSpan.FromSeconds(20));
        // a device that connects with a 1 s keep-alive and a will, then goes silent with its connection still open
        using var device = new TcpClient();
        await device.ConnectAsync("127.0.0.1", port, Cancellation);
        var stream = device.GetStream();
        await stream.WriteAsync(ConnectWithWill("frozen-device", keepAliveSeconds: 1, "status/frozen", "timed out"), Cancellation);
        var connack = new byte[4];
        await stream.ReadExactlyAsync(connack, Cancellation);
        Assert.Equal([0x20, 0x02, 0x00, 0x00], connack);
        var clock = Stopwatch.StartNew();
        Assert.Equal(["timed out"], await watcher.CompleteAsync(TimeSpan.FromSeconds(20)));
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1), $"disconnected after {clock.Elapsed}, before its keep-alive ran out");
    }

    /// <summary>An MQTT 3.1.1 CONNECT with a clean session and a QoS 0 will.</summary>
    private static byte[] ConnectWithWill(string clientId, ushort keepAliveSeconds, string willTopic, string willMessage)
    {
        static byte[] Text(string text)
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(text);
            return [(byte)(bytes.Length >> 8), (byte)bytes.Length, .. bytes];
        }
        byte[] body = [0x00, 0x04, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 0x04, 0x06, (byte)(keepAliveSeconds >> 8), (byte)keepAliveSeconds,
            .. Text(clientId), .. Text(willTopic), .. Text(willMessage)];
        return [0x10, (byte)body.Length, .. body];
    }

    [Fact]
    public async Task A_persistent_session_gets_the_messages_published_while_it_was_away()
    {
        await using var node = new MqttTestNode();
        var port = await StartBrokerAsync(node);
        using (var first = await MosquittoClients.SubscribeAsync(port, "orders", 1, TimeSpan.FromSeconds(5), "-q", "1", "-c", "-i", "edge-session"))
            first.Kill();
        Assert.Equal(0, (await MosquittoClients.PublishOneAsync(port, "orders", "order 42", "-q", "1")).ExitCode);
        using var again = await MosquittoClients.SubscribeAsync(port, "orders", 1, TimeSpan.FromSeconds(10), "-q", "1", "-c", "-i", "edge-session");
        Assert.Equal(["order 42"], await again.CompleteAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_persistent_session_and_the_messages_it_did_not_get_survive_a_broker_restart()
    {
        await using var node = new MqttTestNode();
        var port = await StartBrokerAsync(node);
        using (var first = await MosquittoClients.SubscribeAsync(port, "orders/#", 1, TimeSpan.FromSeconds(5), "-q", "1", "-c", "-i", "edge-durable"))
            first.Kill();
        Assert.Equal(0, (await MosquittoClients.PublishOneAsync(port, "orders/1", "order 1", "-q", "1")).ExitCode);
        await node.OkAsync("exit broker");
        await node.OkAsync($"run message broker where internal_ip = 127.0.0.1 and internal_port = {port} and bind = true");
        // published after the restart, before the client is back: the restored session queues them (QoS 0 is not queued)
        Assert.Equal(0, (await MosquittoClients.PublishOneAsync(port, "orders/2", "order 2", "-q", "1")).ExitCode);
        Assert.Equal(0, (await MosquittoClients.PublishOneAsync(port, "orders/3", "order 3", "-q", "0")).ExitCode);
        Assert.Equal(0, (await MosquittoClients.PublishOneAsync(port, "other", "not subscribed", "-q", "1")).ExitCode);
        // the client stays connected until the broker has both acknowledgements (mosquitto_sub -C 2 may exit before it sent
        // the second PUBACK; the broker would then rightly deliver it again): the saved session (written each second) has
        // nothing queued or in flight any more
        using (var again = await MosquittoClients.SubscribeAsync(port, "orders/#", 3, TimeSpan.FromSeconds(30), "-q", "1", "-c", "-i", "edge-durable"))
        {
            await Eventually.HoldsAsync(() => again.Messages.Count >= 2, "the two kept messages delivered");
            Assert.Equal(["order 1", "order 2"], again.Messages);
            await Eventually.HoldsAsync(() => SavedSession(node, "edge-durable") is var saved
                                              && saved.Contains("\"queued\":[]", StringComparison.Ordinal) && saved.Contains("\"in_flight\":[]", StringComparison.Ordinal),
                "both acknowledgements saved (nothing queued or in flight)");
            again.Kill();
        }

        // acknowledged messages are not delivered again; a clean session ends what was kept
        await node.OkAsync("exit broker");
        await node.OkAsync($"run message broker where internal_ip = 127.0.0.1 and internal_port = {port} and bind = true");
        Assert.Equal(0, (await MosquittoClients.PublishOneAsync(port, "orders/4", "order 4", "-q", "1")).ExitCode);
        using (var third = await MosquittoClients.SubscribeAsync(port, "orders/#", 1, TimeSpan.FromSeconds(10), "-q", "1", "-c", "-i", "edge-durable"))
            Assert.Equal(["order 4"], await third.CompleteAsync(TimeSpan.FromSeconds(10)));
        using (var clean = await MosquittoClients.SubscribeAsync(port, "nothing", 1, TimeSpan.FromSeconds(2), "-i", "edge-durable"))
            await clean.CompleteAsync(TimeSpan.FromSeconds(10));
        await node.OkAsync("exit broker");
        Assert.Equal("", SavedSession(node, "edge-durable"));
    }

    /// <summary>The line of <paramref name="client"/> in the broker's saved sessions (saved each second while they change).</summary>
    private static string SavedSession(MqttTestNode node, string client)
    {
        var path = Path.Combine(node.Node.Node.Paths.DataDir, "broker", "sessions.json");
        return File.Exists(path)
            ? File.ReadLines(path).FirstOrDefault(l => l.Contains($"\"client\":\"{client}\"", StringComparison.Ordinal)) ?? ""
            : "";
    }

    [Fact]
    public async Task With_a_user_configured_clients_must_authenticate()
    {
        await using var node = new MqttTestNode();
        var port = await StartBrokerAsync(node, " and user = edge and password = s3cret");
        var anonymous = await MosquittoClients.PublishOneAsync(port, "t", "x");
        Assert.NotEqual(0, anonymous.ExitCode);
        Assert.Contains("bad user name or password", anonymous.Errors, StringComparison.OrdinalIgnoreCase);
        var wrong = await MosquittoClients.PublishOneAsync(port, "t", "x", "-u", "edge", "-P", "guess");
        Assert.NotEqual(0, wrong.ExitCode);
        var right = await MosquittoClients.PublishOneAsync(port, "t", "x", "-u", "edge", "-P", "s3cret", "-q", "1");
        Assert.True(right.ExitCode == 0, right.Errors);
        Assert.Matches(@"CONNECT\s*\|\s*1\|[^|]*\|\s*2\|[^|]*\|BadUserNameOrPassword", await node.OkAsync("get local broker"));
    }

    [Fact]
    public async Task Tls_clients_verify_the_broker_certificate()
    {
        await using var node = new MqttTestNode();
        var pem = node.Node.Var("pem_dir")!;
        Directory.CreateDirectory(pem);
        using var server = _ca.Issue("127.0.0.1", server: true);
        _ca.WriteServerFiles(pem, "edge", server);
        var caFile = Path.Combine(pem, "ca-edge-public-key.crt");
        _ca.WriteCaFile(pem, "edge");
        var port = await StartBrokerAsync(node, " and ssl = true and server_org = edge");
        using var subscriber = await MosquittoClients.SubscribeAsync(port, "secure", 1, TimeSpan.FromSeconds(20), "--cafile", caFile);
        var published = await MosquittoClients.PublishOneAsync(port, "secure", "over tls", "--cafile", caFile, "-q", "1");
        Assert.True(published.ExitCode == 0, published.Errors);
        Assert.Equal(["over tls"], await subscriber.CompleteAsync(TimeSpan.FromSeconds(20)));
        var plain = await MosquittoClients.PublishOneAsync(port, "secure", "plain");
        Assert.NotEqual(0, plain.ExitCode);
    }

    [Fact]
    public async Task With_ca_org_the_broker_admits_only_clients_with_a_certificate_of_that_ca()
    {
        await using var node = new MqttTestNode();
        var pem = node.Node.Var("pem_dir")!;
        Directory.CreateDirectory(pem);
        using var server = _ca.Issue("127.0.0.1", server: true);
        _ca.WriteServerFiles(pem, "edge", server);
        _ca.WriteCaFile(pem, "edge");
        var caFile = Path.Combine(pem, "ca-edge-public-key.crt");
        string[] Certificate(string name, X509Certificate2 certificate)
        {
            var crt = Path.Combine(pem, $"{name}.crt");
            var key = Path.Combine(pem, $"{name}.key");
            File.WriteAllText(crt, certificate.ExportCertificatePem());
            File.WriteAllText(key, certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
            return ["--cafile", caFile, "--cert", crt, "--key", key];
        }
        using var device = _ca.Issue("device7", server: false);
        using var stranger = TestCertificateAuthority.Create("Another CA");
        using var foreign = stranger.Issue("intruder", server: false);
        var signed = Certificate("device7", device);
        var unsigned = Certificate("intruder", foreign);
        var port = await StartBrokerAsync(node, " and ssl = true and server_org = edge and ca_org = edge");
        await node.OkAsync("run msg client where broker = local and topic = (name = secure/readings and dbms = test and table = secure and column.n.int = \"bring [n]\")");

        using var subscriber = await MosquittoClients.SubscribeAsync(port, "secure/#", 1, TimeSpan.FromSeconds(20), signed);
        var published = await MosquittoClients.PublishOneAsync(port, "secure/readings", "{\"n\": 7}", [.. signed, "-q", "1"]);
        Assert.True(published.ExitCode == 0, published.Errors);
        Assert.Equal(["{\"n\": 7}"], await subscriber.CompleteAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal(["{\"n\":7}"], await node.FlushedRowsAsync("test", "secure"));

        // no client certificate, or one of another CA: the TLS handshake fails, nothing is published
        Assert.NotEqual(0, (await MosquittoClients.PublishOneAsync(port, "secure/readings", "{\"n\": 8}", "--cafile", caFile, "-q", "1")).ExitCode);
        Assert.NotEqual(0, (await MosquittoClients.PublishOneAsync(port, "secure/readings", "{\"n\": 9}", [.. unsigned, "-q", "1"])).ExitCode);
        Assert.Equal((1L, 1L, 0L), await node.CountersAsync());
    }

    [Fact]
    public async Task Processes_and_connections_show_the_broker()
    {
        await using var node = new MqttTestNode();
        var port = await StartBrokerAsync(node, " and threads = 4");
        Assert.Matches(@$"MSG Broker\s*\|Running\s*\|Listening on: 127\.0\.0\.1:{port}, Threads Pool: 4", await node.OkAsync("get processes"));
        Assert.Matches(@$"Messaging\|127\.0\.0\.1:{port}\s*\|127\.0\.0\.1:{port}\s*\|127\.0\.0\.1:{port}\|", await node.OkAsync("get connections"));
        var second = await node.Node.RunAsync($"run message broker 127.0.0.1 {FreePort.Get()}");
        Assert.True(second.IsError);
        await node.OkAsync("exit broker");
        Assert.Matches(@"Messaging\|Not declared", await node.OkAsync("get connections"));
        Assert.True((await node.Node.RunAsync("get local broker")).IsError);
        // the same address can be listened on again at once; the positional form takes the thread count last
        await node.OkAsync($"run message broker 127.0.0.1 {port} 127.0.0.1 {port} 3");
        Assert.Matches(@$"MSG Broker\s*\|Running\s*\|Listening on: 127\.0\.0\.1:{port}, Threads Pool: 3", await node.OkAsync("get processes"));
        Assert.Equal(0, (await MosquittoClients.PublishOneAsync(port, "t", "x", "-q", "1")).ExitCode);
    }

    [Fact]
    public async Task Set_mqtt_debug_prints_what_the_broker_and_the_clients_receive()
    {
        await using var mosquitto = await MosquittoServer.StartAsync();
        await using var node = new MqttTestNode();
        var port = await StartBrokerAsync(node);
        await node.OkAsync("run msg client where broker = local and topic = (name = dbg/local and dbms = test and table = dbg and column.n.int = \"bring [n]\")");
        await node.OkAsync($"run msg client where broker = 127.0.0.1 and port = {mosquitto.Port} and topic = (name = dbg/remote and qos = 1 and dbms = test and " +
                           "table = dbg and column.n.int = \"bring [n]\")");
        await node.WaitForConnectionAsync("Connected", id: 2);
        Assert.True((await node.Node.RunAsync("set mqtt debug maybe")).IsError);
        await node.OkAsync("set mqtt debug on");
        Assert.Equal(0, (await MosquittoClients.PublishOneAsync(port, "dbg/local", "{\"n\": 1}", "-q", "1", "-i", "dev1")).ExitCode);
        Assert.Equal(0, (await MosquittoClients.PublishOneAsync(port, "dbg/other", "hello", "-q", "1", "-i", "dev1")).ExitCode);
        Assert.Equal(0, (await MosquittoClients.PublishOneAsync(mosquitto.Port, "dbg/remote", "{\"n\": \"x\"}", "-q", "1")).ExitCode);
        IEnumerable<string> Printed() => node.Node.Output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.StartsWith("MQTT ", StringComparison.Ordinal));
        await Eventually.HoldsAsync(() => Printed().Count() == 3, "three messages printed");
        await node.OkAsync("set mqtt debug off");
        Assert.Equal(0, (await MosquittoClients.PublishOneAsync(port, "dbg/local", "{\"n\": 2}", "-q", "1")).ExitCode);

        Assert.Equal(
        [
            "MQTT broker (client 'dev1'): topic 'dbg/local', QoS 1, 8 bytes: {\"n\": 1} -> journaled",
            "MQTT broker (client 'dev1'): topic 'dbg/other', QoS 1, 5 bytes: hello -> not mapped",
            $"MQTT client 0002 (127.0.0.1:{mosquitto.Port}): topic 'dbg/remote', QoS 1, 10 bytes: {{\"n\": \"x\"}} -> error 28: topic 'dbg/remote': column 'n': 'x' is not an integer",
        ], Printed());
    }

    [Fact]
    public async Task A_large_message_with_a_list_of_100_000_readings_becomes_100_000_rows_on_a_worker_get_msg_pool_shows_busy()
    {
        await using var node = new MqttTestNode();
        var port = await StartBrokerAsync(node);
        await node.OkAsync("run msg client where broker = local and topic = (name = bulk and dbms = test and table = bulk and column.device.str = \"bring [device]\" and " +
                           "column.n.int = \"bring [readings][][n]\" and column.v.float = \"bring [readings][][v]\")");
        var file = Path.Combine(node.Node.Home, "bulk.json");
        await File.WriteAllTextAsync(file, "{\"device\": \"meter7\", \"readings\": [" +
                                           string.Join(", ", Enumerable.Range(0, 100_000).Select(i => $"{{\"n\": {i}, \"v\": {i}.5}}")) + "]}", Cancellation);
        Assert.True(new FileInfo(file).Length > 2_000_000);
        var publishing = MosquittoClients.PublishFileAsync(port, "bulk", file, "-q", "1");
        // while the broker maps the message, one of its workers shows the topic and the client
        var pool = "";
        while (!publishing.IsCompleted && !pool.Contains("|busy  |bulk (client '", StringComparison.Ordinal))
        {
            pool = await node.OkAsync("get msg pool where details = true");
            await Task.Delay(5, Cancellation);
        }
        Assert.Contains("|busy  |bulk (client '", pool, StringComparison.Ordinal);
        Assert.Matches(@"^MSG Pool with 6 threads: +\[[01, ]*1[01, ]*\] \(\d+\)\r\n", pool);
        var published = await publishing;
        Assert.True(published.ExitCode == 0, published.Errors);
        Assert.Equal(100_000, node.JournaledRows("test", "bulk").Count); // acknowledged: journaled
        var rows = await node.FlushedRowsAsync("test", "bulk");
        Assert.Equal(100_000, rows.Count);
        Assert.Equal("{\"device\":\"meter7\",\"n\":0,\"v\":0.5}", rows[0]);
        Assert.Equal("{\"device\":\"meter7\",\"n\":99999,\"v\":99999.5}", rows[^1]);
    }

    [Fact]
    public async Task Unquoted_wildcards_in_a_topic_name_are_taken_as_written()
    {
        await using var node = new MqttTestNode();
        var port = await StartBrokerAsync(node);
        await node.OkAsync("run msg client where broker = local and topic = (name = plant/+/temp and dbms = test and table = temps and " +
                           "column.c.float = \"bring [c]\") and topic = (name = +/power/# and dbms = test and table = power and column.kw.float = \"bring [kw]\")");
        var report = await node.OkAsync("get msg clients");
        Assert.Matches(@"\n     plant/\+/temp\s*\|False", report);
        Assert.Matches(@"\n     \+/power/#\s*\|False", report);
        Assert.Equal(0, (await MosquittoClients.PublishOneAsync(port, "plant/a/temp", "{\"c\": 21.5}", "-q", "1")).ExitCode);
        Assert.Equal(0, (await MosquittoClients.PublishOneAsync(port, "site/power/main/meter", "{\"kw\": 3}", "-q", "1")).ExitCode);
        Assert.Equal(["{\"c\":21.5}"], await node.FlushedRowsAsync("test", "temps"));
        Assert.Equal(["{\"kw\":3}"], await node.FlushedRowsAsync("test", "power"));
        // with spaces around it, '+' still joins the pieces
        await node.OkAsync("run msg client where broker = local and topic = (name = \"joined/\" + \"topic\" and dbms = test and table = joined)");
        Assert.Matches(@"\n     joined/topic\s*\|False", await node.OkAsync("get msg clients where id = 2"));
    }

    [Fact]
    public async Task A_qos_2_message_is_mapped_once()
    {
        await using var node = new MqttTestNode();
        var port = await StartBrokerAsync(node);
        await node.OkAsync("run msg client where broker = local and topic = (name = once and dbms = test and table = once and column.n.int = \"bring [n]\")");
        var published = await MosquittoClients.PublishAsync(port, "once", Enumerable.Range(0, 50).Select(i => $"{{\"n\": {i}}}"), qos: 2);
        Assert.True(published.ExitCode == 0, published.Errors);
        var rows = await node.FlushedRowsAsync("test", "once");
        Assert.Equal(Enumerable.Range(0, 50), rows.Select(r => JsonDocument.Parse(r).RootElement.GetProperty("n").GetInt32()));
    }

    [Fact]
    public async Task Persist_keeps_the_raw_messages_and_only_log_logs_them_without_rows()
    {
        await using var node = new MqttTestNode();
        var port = await StartBrokerAsync(node);
        await node.OkAsync("run msg client where broker = local and topic = (name = kept and dbms = test and table = kept and persist = true and " +
                           "column.n.int = \"bring [n]\")");
        await node.OkAsync("run msg client where broker = local and only_log = true and topic = (name = looked/at and dbms = test and table = looked)");
        Assert.Equal(0, (await MosquittoClients.PublishAsync(port, "kept", ["{\"n\": 1}", "not json"], qos: 1)).ExitCode);
        Assert.Equal(0, (await MosquittoClients.PublishOneAsync(port, "kept", "{\"n\":\n 2}", "-q", "1")).ExitCode);
        Assert.Equal(0, (await MosquittoClients.PublishOneAsync(port, "looked/at", "{\"what\": \"sample\"}", "-q", "1")).ExitCode);

        var archive = Path.Combine(node.Node.Var("bkup_dir")!, "messages");
        // a line break inside a message becomes a space: one message per line
        Assert.Equal(["{\"n\": 1}", "not json", "{\"n\":  2}"], File.ReadAllLines(Assert.Single(Directory.GetFiles(archive, "kept.*.json"))));
        Assert.Equal([1, 2], (await node.FlushedRowsAsync("test", "kept")).Select(r => JsonDocument.Parse(r).RootElement.GetProperty("n").GetInt32()));
        Assert.Empty(await node.FlushedRowsAsync("test", "looked"));
        var events = JsonDocument.Parse(await node.OkAsync("get event log where format = json")).RootElement.EnumerateArray()
            .Select(e => e.GetProperty("message").GetString());
        Assert.Contains("Message client 0002: topic 'looked/at': {\"what\": \"sample\"}", events);
        Assert.Equal((1L, 1L, 0L), await node.CountersAsync(2));
    }

    public void Dispose() => _ca.Dispose();
}
