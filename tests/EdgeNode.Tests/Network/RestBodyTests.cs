using System.Text;
using EdgeNode.Network.Rest;
using Microsoft.AspNetCore.Http;

namespace EdgeNode.Tests.Network;

public sealed class RestBodyTests
{
    private static HttpRequest Request(int bytes, bool declareLength)
    {
        var context = new DefaultHttpContext();
        context.Request.Body = new MemoryStream(Encoding.ASCII.GetBytes(new string('x', bytes)));
        if (declareLength) context.Request.ContentLength = bytes;
        return context.Request;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_body_is_read_whole_and_its_bytes_are_counted_until_disposed(bool declareLength)
    {
        var budget = new RestBodyBudget(1 << 20);
        var body = await RestBody.ReadAsync(Request(50_000, declareLength), budget, TestContext.Current.CancellationToken);
        Assert.Equal(50_000, body.Length);
        Assert.True(body.Span.ToArray().All(b => b == (byte)'x'));
        Assert.InRange(budget.Used, 50_000, 1 << 20);
        body.Dispose();
        Assert.Equal(0, budget.Used);
    }

    [Fact]
    public async Task Bodies_beyond_the_budget_are_refused_with_503()
    {
        var budget = new RestBodyBudget(64 * 1024);
        using var first = await RestBody.ReadAsync(Request(40_000, true), budget, TestContext.Current.CancellationToken);
        var refused = await Assert.ThrowsAsync<BadHttpRequestException>(() =>
            RestBody.ReadAsync(Request(40_000, true), budget, TestContext.Current.CancellationToken));
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, refused.StatusCode);
        Assert.InRange(budget.Used, 40_000, 64 * 1024);
    }
}
