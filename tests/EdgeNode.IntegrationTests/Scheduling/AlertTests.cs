using System.Net;
using System.Text;
using EdgeNode.Core.Ingest;

namespace EdgeNode.IntegrationTests.Scheduling;

/// <summary>Alerts to real servers on 127.0.0.1: email and SMS to an SMTP server started by the test, webhooks to an HTTP listener.</summary>
public sealed class AlertTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static async Task<TestNode> NodeWithSmtpAsync(SmtpSink sink)
    {
        var node = new TestNode();
        node.Node.Dictionary.Set("node_name", "alerts-node");
        await node.OkAsync($"run smtp client where host = 127.0.0.1 and port = {sink.Port} and email = {SmtpSink.User} and password = {SmtpSink.Password}");
        return node;
    }

    [Fact]
    public async Task Email_and_sms_reach_the_mail_server_with_their_headers()
    {
        await using var sink = await SmtpSink.StartAsync();
        await using var node = await NodeWithSmtpAsync(sink);
        Assert.Contains($"Using '127.0.0.1' with email: '{SmtpSink.User}'", await node.OkAsync("get processes"), StringComparison.Ordinal);

        await node.OkAsync("email to ops@example.com where subject = \"disk full\" and message = \"node n1\" and message = \"free: 2%\"");
        await node.OkAsync("sms to 6505551234 where gateway = tmomail.net and message = \"value above 10\"");
        await node.OkAsync("email to ops@example.com");
        await sink.WaitForAsync(3, "email, sms, default email");

        var email = sink.Messages[0];
        Assert.Equal(SmtpSink.User, email.User);
        Assert.Equal(["ops@example.com"], email.Recipients);
        Assert.Equal(SmtpSink.User, email.Message.From.Mailboxes.Single().Address);
        Assert.Equal("ops@example.com", email.Message.To.Mailboxes.Single().Address);
        Assert.Equal("disk full", email.Message.Subject);
        Assert.True(DateTimeOffset.Now - email.Message.Date < TimeSpan.FromMinutes(5), "the Date header is the sending time");
        Assert.Equal("node n1\nfree: 2%", email.Body.ReplaceLineEndings("\n").TrimEnd()); // the message's last line end is the end of DATA

        var sms = sink.Messages[1];
        Assert.Equal(["6505551234@tmomail.net"], sms.Recipients);
        Assert.Equal("6505551234@tmomail.net", sms.Message.To.Mailboxes.Single().Address);
        Assert.Equal("AnyLog Alert", sms.Message.Subject);
        Assert.Equal("value above 10", sms.Body.ReplaceLineEndings("\n").TrimEnd());

        Assert.Equal("AnyLog Alert", sink.Messages[2].Message.Subject);
        Assert.Equal("AnyLog Network Alert from Node: alerts-node", sink.Messages[2].Body.TrimEnd());
    }

    [Fact]
    public async Task A_mail_server_that_is_down_gives_an_error_and_the_message_is_sent_when_it_is_back()
    {
        await using var sink = await SmtpSink.StartAsync();
        await using var node = await NodeWithSmtpAsync(sink);
        await sink.StopAsync();

        var started = DateTime.UtcNow;
        var result = await node.RunAsync("email to ops@example.com where subject = retried");
        Assert.True(result.IsError);
        Assert.Contains("queued, next attempt in 5 seconds", result.Text, StringComparison.Ordinal);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(30), "the command returned without waiting for the server");
        Assert.Contains("1 queued for retry", await node.OkAsync("get processes"), StringComparison.Ordinal);

        await sink.StartAgainAsync();
        await sink.WaitForAsync(1, "the queued message, retried");
        Assert.Equal("retried", sink.Messages[0].Message.Subject);
        await Eventually.HoldsAsync(async () => !(await node.OkAsync("get processes")).Contains("queued", StringComparison.Ordinal), "the queue empty");
    }

    [Fact]
    public async Task A_mail_server_that_accepts_and_never_answers_does_not_hang_the_command()
    {
        await using var sink = await SmtpSink.StartAsync();
        await using var node = await NodeWithSmtpAsync(sink);
        await sink.StopAsync();
        using var silent = new System.Net.Sockets.TcpListener(IPAddress.Loopback, sink.Port); // takes connections, says nothing
        silent.Start();

        var started = DateTime.UtcNow;
        var result = await node.RunAsync("email to ops@example.com where subject = hung");
        Assert.True(result.IsError);
        Assert.Contains($"cannot reach 127.0.0.1:{sink.Port}", result.Text, StringComparison.Ordinal); // no answer / timed out
        Assert.Contains("queued", result.Text, StringComparison.Ordinal);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(40), "the command returned once the SMTP timeout passed");
    }

    [Fact]
    public async Task A_wrong_password_or_no_server_rejects_run_smtp_client()
    {
        await using var sink = await SmtpSink.StartAsync();
        await using var node = new TestNode();
        var refused = await node.RunAsync($"run smtp client where host = 127.0.0.1 and port = {sink.Port} and email = {SmtpSink.User} and password = wrong");
        Assert.True(refused.IsError);
        Assert.Contains("refused the login", refused.Text, StringComparison.Ordinal);
        var nobody = await node.RunAsync($"run smtp client where host = 127.0.0.1 and port = {FreePort.Get()} and email = {SmtpSink.User}");
        Assert.True(nobody.IsError);
        var notRunning = await node.RunAsync("email to ops@example.com");
        Assert.Equal(Core.Commands.ErrorCode.ProcessNotRunning, notRunning.Code);
    }

    [Fact]
    public async Task A_streaming_condition_sends_email_and_sms_for_the_rows_that_match_up_to_its_limit()
    {
        await using var sink = await SmtpSink.StartAsync();
        await using var node = await NodeWithSmtpAsync(sink);
        await node.OkAsync("set streaming condition where dbms = test and table = readings if [value] > 10 then email to ops@example.com where subject = \"value above 10\"");
        await node.OkAsync("set streaming condition where dbms = test and table = readings and limit = 1 if [value] > 100 and [sensor] == 'boiler' then sms to 6505551234 where gateway = vtext.com and subject = boiler");
        await node.OkAsync("set streaming condition where dbms = test and table = readings if [value] < 0 then ignore entry");
        var conditions = await node.OkAsync("get streaming conditions");
        Assert.Contains("test|readings| 1|if [value] > 10 then email to ops@example.com where subject = \"value above 10\"", conditions, StringComparison.Ordinal);

        var rows = "{\"sensor\": \"boiler\", \"value\": 5}\n{\"sensor\": \"boiler\", \"value\": 12}\n{\"sensor\": \"pump\", \"value\": 500}\n" +
                   "{\"sensor\": \"boiler\", \"value\": 150}\n{\"sensor\": \"boiler\", \"value\": 200}\n{\"sensor\": \"boiler\", \"value\": -3}\n";
        var ingest = node.Node.Services.Get<IDataIngest>();
        var written = await ingest.AppendStreamingAsync(new IngestBatch("test", "readings", "0", "0", "json", Encoding.UTF8.GetBytes(rows), 6), Cancel);
        Assert.False(written.IsError);

        // 4 rows above 10 send an email each; 2 boiler rows above 100 would send an SMS, the limit lets one through
        await sink.WaitForAsync(5, "4 emails and 1 sms");
        await Task.Delay(500, Cancel);
        Assert.Equal(5, sink.Messages.Count);
        Assert.Equal(4, sink.Messages.Count(m => m.Message.Subject == "value above 10"));
        Assert.Equal(["6505551234@vtext.com"], sink.Messages.Single(m => m.Message.Subject == "boiler").Recipients);
        // the row below 0 was dropped: 5 of the 6 rows were buffered
        Assert.Contains("\"Streaming Rows\": 5,", await node.OkAsync("get streaming where format = json"), StringComparison.Ordinal);

        await node.OkAsync("reset streaming condition where dbms = test and table = readings and id = 1");
        Assert.DoesNotContain("value above 10", await node.OkAsync("get streaming conditions"), StringComparison.Ordinal);
        await node.OkAsync("reset streaming conditions");
        Assert.DoesNotContain("readings", await node.OkAsync("get streaming conditions"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Webhooks_reach_a_local_http_listener()
    {
        var port = FreePort.Get();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var received = new List<(string Method, string Path, string Body, string? Header, string? ContentType)>();
        var serving = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }
                using var reader = new StreamReader(context.Request.InputStream);
                var body = await reader.ReadToEndAsync();
                lock (received) received.Add((context.Request.HttpMethod, context.Request.Url!.AbsolutePath, body, context.Request.Headers["X-Alert"], context.Request.ContentType));
                context.Response.StatusCode = context.Request.Url.AbsolutePath == "/missing" ? 404 : 200;
                var reply = Encoding.UTF8.GetBytes(context.Request.HttpMethod == "GET" ? "{\"status\": \"ok\"}" : "done");
                await context.Response.OutputStream.WriteAsync(reply);
                context.Response.Close();
            }
        }, Cancel);
        await using var node = new TestNode();
        var url = $"http://127.0.0.1:{port}";

        await node.OkAsync($"rest post where url = {url}/alert and body = \"{{\\\"value\\\": 12}}\" and headers = {{\"X-Alert\": \"high\", \"Content-Type\": \"application/json\"}}");
        Assert.Equal("{\"status\": \"ok\"}", await node.OkAsync($"rest get where url = {url}/health"));
        await node.OkAsync($"status = rest get where url = {url}/health");
        Assert.Equal("{\"status\": \"ok\"}", node.Var("status"));
        await node.OkAsync($"rest put where url = {url}/state and body = on");
        await node.OkAsync($"rest delete where url = {url}/state");
        var missing = await node.RunAsync($"rest get where url = {url}/missing");
        Assert.True(missing.IsError);
        Assert.Contains("answered 404", missing.Text, StringComparison.Ordinal);
        var refused = await node.RunAsync($"rest get where url = http://127.0.0.1:{FreePort.Get()}/ and timeout = 3 seconds");
        Assert.True(refused.IsError);

        listener.Stop();
        await serving;
        Assert.Equal(("POST", "/alert", "{\"value\": 12}", "high", "application/json"), received[0]);
        Assert.Equal(["POST /alert", "GET /health", "GET /health", "PUT /state", "DELETE /state", "GET /missing"], received.Select(r => $"{r.Method} {r.Path}"));
        Assert.Equal("on", received[3].Body);
    }
}
