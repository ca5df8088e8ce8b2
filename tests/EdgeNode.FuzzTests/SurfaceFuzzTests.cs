using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EdgeNode.FuzzTests;

/// <summary>
/// At least 10,000 generated inputs per surface against one real node: REST headers and bodies, the command language,
/// TCP frames, MQTT packets, JSON rows and SQL. After each surface the node runs, answers, and stays under
/// <see cref="HostileNode.RssBoundBytes"/>; every REST refusal is a 4xx with an error code and a readable text.
/// The seed is printed by a failing assertion: <c>FUZZ_SEED=n</c> reproduces the run.
/// </summary>
public sealed class SurfaceFuzzTests(HostileNodeFixture fixture) : IClassFixture<HostileNodeFixture>
{
    private const int InputsPerSurface = 10_000;
    private const int Parallel = 8;

    private static readonly int Seed = int.TryParse(Environment.GetEnvironmentVariable("FUZZ_SEED"), out var seed) ? seed : Environment.TickCount;

    private HostileNode Node => fixture.Node;

    /// <summary>Runs <paramref name="send"/> for input 0..n-1 on <see cref="Parallel"/> workers, each with its own generator.</summary>
    private static Task RunAsync(int inputs, Func<Inputs, int, Task> send) =>
        Task.WhenAll(Enumerable.Range(0, Parallel).Select(worker => Task.Run(async () =>
        {
            var generator = new Inputs(Seed + worker);
            for (var i = worker; i < inputs; i += Parallel) await send(generator, i);
        })));

    [Fact]
    public async Task Rest_headers_and_bodies()
    {
        string[] headers = ["command", "destination", "timeout", "subset", "into", "assignment", "dbms", "table", "mode", "type", "topic", "X-Fuzz"];
        var refusals = 0;
        await RunAsync(InputsPerSurface, async (inputs, i) =>
        {
            var method = inputs.Pick(["GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS"]);
            using var request = new HttpRequestMessage(new HttpMethod(method), inputs.Next(10) == 0 ? "/" + inputs.Mutate("health") : "/");
            for (var h = inputs.Next(4); h >= 0; h--)
                request.Headers.TryAddWithoutValidation(inputs.Pick(headers), inputs.Mutate(inputs.Pick(Inputs.Commands)).Replace('\n', ' ').Replace('\r', ' ').Replace('\0', ' '));
            if (method is "POST" or "PUT") request.Content = new ByteArrayContent(inputs.Next(3) == 0 ? inputs.Bytes(inputs.Next(4096)) : Encoding.UTF8.GetBytes(inputs.Mutate(inputs.Pick(Inputs.Rows))));
            HttpResponseMessage response;
            try
            {
                response = await Node.Http.SendAsync(request);
            }
            catch (Exception e) when (e is HttpRequestException or InvalidOperationException or FormatException)
            {
                return; // the client refused to send it (an invalid header): nothing reached the node
            }
            using (response)
            {
                if ((int)response.StatusCode >= 400 && method != "HEAD")
                {
                    Interlocked.Increment(ref refusals);
                    await HostileNode.AssertClearErrorAsync(response, $"seed {Seed}, input {i}: {request}");
                }
            }
        });
        await Node.AssertHealthyAsync($"{InputsPerSurface} REST calls ({refusals} refused), seed {Seed}");
    }

    [Fact]
    public async Task Command_language()
    {
        await RunAsync(InputsPerSurface, async (inputs, i) =>
        {
            var command = inputs.Mutate(inputs.Pick(Inputs.Commands));
            if (command.Contains("exit", StringComparison.OrdinalIgnoreCase) || command.Contains("run client", StringComparison.Ordinal)
                || command.Contains("file", StringComparison.Ordinal)) return; // stops the node, or talks to other hosts / files
            using var response = await Node.CommandAsync("body", "POST", command, ("timeout", "5"));
            if ((int)response.StatusCode >= 400) await HostileNode.AssertClearErrorAsync(response, $"seed {Seed}, input {i}: {command}");
        });
        await Node.AssertHealthyAsync($"{InputsPerSurface} commands, seed {Seed}");
    }

    [Fact]
    public async Task Sql_statements()
    {
        await RunAsync(InputsPerSurface, async (inputs, i) =>
        {
            var statement = inputs.Mutate(inputs.Pick(Inputs.Statements)).Replace('"', '\'').Replace('\n', ' ').Replace('\r', ' ').Replace('\0', ' ');
            HttpResponseMessage response;
            try
            {
                response = await Node.CommandAsync($"sql fuzz format = json \"{statement}\"", "GET", null, ("destination", "network"), ("timeout", "5"));
            }
            catch (HttpRequestException)
            {
                return; // the client refused to send it (a header that is not ASCII): nothing reached the node
            }
            using var reply = response;
            if ((int)response.StatusCode >= 400) await HostileNode.AssertClearErrorAsync(response, $"seed {Seed}, input {i}: {statement}");
        });
        await Node.AssertHealthyAsync($"{InputsPerSurface} SQL statements, seed {Seed}");
    }

    [Fact]
    public async Task Tcp_frames()
    {
        var nobody = FreePort.Get(); // replies go to 127.0.0.1 on a port nobody listens on
        await RunAsync(InputsPerSurface, async (inputs, i) =>
        {
            var command = inputs.Next(4) == 0 ? $"sql fuzz format = json \"{inputs.Mutate(inputs.Pick(Inputs.Statements))}\"" : inputs.Mutate(inputs.Pick(Inputs.Commands));
            if (command.Contains("exit", StringComparison.OrdinalIgnoreCase) || command.Contains("run client", StringComparison.Ordinal)
                || command.Contains("file", StringComparison.Ordinal)) return;
            var blocks = new List<byte[]>();
            for (var b = inputs.Next(3); b >= 0; b--)
            {
                var block = inputs.Next(5) == 0
                    ? inputs.Bytes(AnyLogFrames.BlockSize)
                    : AnyLogFrames.Message((uint)(blocks.Count + 1), b == 0, command.Length > 1500 ? command[..1500] : command, [], inputs.Bytes(inputs.Next(200)));
                if (inputs.Next(4) == 0) block[30 + inputs.Next(20)] = (byte)inputs.Next(256); // block number, flags, lengths
                blocks.Add(AnyLogFrames.WithReply(block, "127.0.0.1", nobody));
            }
            var bytes = blocks.SelectMany(b => b).ToArray();
            if (inputs.Next(6) == 0) bytes = bytes[..inputs.Next(bytes.Length)]; // cut inside a block
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await socket.ConnectAsync(IPAddress.Loopback, Node.TcpPort);
                await socket.SendAsync(bytes);
                socket.Shutdown(SocketShutdown.Send);
            }
            catch (SocketException)
            {
                // the node closed a connection it refused: what it should do
            }
        });
        await Node.AssertHealthyAsync($"{InputsPerSurface} TCP messages, seed {Seed}");
    }

    [Fact]
    public async Task Mqtt_packets()
    {
        const int PacketsPerConnection = 20;
        await RunAsync(InputsPerSurface / PacketsPerConnection, async (inputs, i) =>
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Node.BrokerPort);
            var stream = client.GetStream();
            try
            {
                await stream.WriteAsync(MqttPackets.Connect($"fuzz{i}"));
                for (var p = 0; p < PacketsPerConnection; p++) await stream.WriteAsync(MqttPackets.Generate(inputs));
                client.Client.Shutdown(SocketShutdown.Send);
                var buffer = new byte[4096];
                using var drain = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                while (await stream.ReadAsync(buffer, drain.Token) > 0) { }
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
            {
                // the broker closed a connection that broke the protocol: what it should do
            }
        });
        await Node.AssertHealthyAsync($"{InputsPerSurface} MQTT packets, seed {Seed}");
    }

    [Fact]
    public async Task Json_rows()
    {
        long accepted = 0;
        await RunAsync(InputsPerSurface, async (inputs, i) =>
        {
            var row = JsonRowGenerator.Row(inputs);
            using var response = await Node.PutRowsAsync("fuzz_rows", row);
            if (response.StatusCode == HttpStatusCode.OK) Interlocked.Increment(ref accepted);
            else await HostileNode.AssertClearErrorAsync(response, $"seed {Seed}, row {i}: {Encoding.UTF8.GetString(row)}");
        });
        await Node.AssertHealthyAsync($"{InputsPerSurface} PUT rows ({accepted} accepted), seed {Seed}");
        Assert.True(accepted > InputsPerSurface / 10, $"only {accepted} rows accepted: the generator makes too few valid rows");
        // every accepted row is accounted for: loaded, or refused alone (with its reason) by the operator; no row is lost
        // with another's, none is loaded twice
        // the command fuzzer of this class may have set any buffer threshold on the node: flush (a POST command) and check
        await Node.FlushBuffersAsync();
        var loaded = await Node.WaitForRowsAsync("fuzz_rows", accepted - Node.RefusedRows("fuzz_rows"));
        Assert.Equal(accepted, loaded + Node.RefusedRows("fuzz_rows"));
    }
}
