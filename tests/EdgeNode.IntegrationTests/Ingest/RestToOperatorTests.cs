using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace EdgeNode.IntegrationTests.Ingest;

/// <summary>The whole ingest path of a node: REST PUT (file and streaming mode) → watch dir → operator → rows a REST query returns.</summary>
public sealed class RestToOperatorTests
{
    [Fact]
    public async Task Rows_put_over_rest_are_loaded_by_the_operator_and_returned_by_a_rest_query()
    {
        await using var node = await OperatorNode.StartAsync();
        var port = FreePort.Get();
        await node.Node.OkAsync($"run rest server where internal_ip = 127.0.0.1 and internal_port = {port} and bind = true");
        await node.Node.OkAsync("run streamer");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", "AnyLog/1.23");

        async Task PutAsync(string mode, string body)
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, "/") { Content = new StringContent(body, Encoding.UTF8, "text/plain") };
            foreach (var (name, value) in new[] { ("type", "json"), ("dbms", "test"), ("table", "readings"), ("mode", mode) })
                request.Headers.TryAddWithoutValidation(name, value);
            using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await PutAsync("file", "[{\"timestamp\": \"2026-11-28T02:00:00Z\", \"value\": 1.5}, {\"timestamp\": \"2026-11-28T02:00:01Z\", \"value\": 2.5}]");
        await node.WaitForRowsAsync("readings", 2);
        await PutAsync("streaming", "{\"timestamp\": \"2026-11-28T02:00:02Z\", \"value\": 3.5}");
        using (var flush = new HttpRequestMessage(HttpMethod.Post, "/"))
        {
            flush.Headers.TryAddWithoutValidation("command", "flush buffers");
            using var flushed = await http.SendAsync(flush, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, flushed.StatusCode);
        }
        await node.WaitForRowsAsync("readings", 3);

        using var query = new HttpRequestMessage(HttpMethod.Get, "/");
        query.Headers.TryAddWithoutValidation("command", "sql test format = json and stat = false \"select count(*) as n, sum(value) as total from readings\"");
        using var answer = await http.SendAsync(query, TestContext.Current.CancellationToken);
        var row = JsonNode.Parse(await answer.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!["Query"]![0]!;
        Assert.Equal(3, row["n"]!.GetValue<int>());
        Assert.Equal(7.5, row["total"]!.GetValue<double>());
    }
}
