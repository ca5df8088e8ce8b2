using System.Net;
using System.Security.Cryptography.X509Certificates;
using EdgeNode.Core.Commands;

namespace EdgeNode.IntegrationTests;

/// <summary>
/// <c>run rest server where ssl = true</c> with certificates made by a test CA in the node's <c>!pem_dir</c>: HTTPS with the
/// server certificate, client certificates verified against the CA named by <c>ca_org</c>.
/// </summary>
public sealed class RestTlsTests : IDisposable
{
    private readonly TestCertificateAuthority _ca = TestCertificateAuthority.Create("EdgeNode Test CA");
    private readonly TestCertificateAuthority _stranger = TestCertificateAuthority.Create("Unknown CA");

    [Fact]
    public async Task Client_with_a_certificate_from_the_ca_is_served_over_https()
    {
        await using var node = new TestNode();
        var port = await StartAsync(node, "");
        using var client = _ca.Issue("client", server: false);
        using var http = Client(port, client);
        using var response = await http.GetAsync("/", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("edgenode@127.0.0.1 running", await response.TextAsync());

        var info = await node.OkAsync("get rest server info");
        Assert.Contains($"connection      | https://127.0.0.1:{port} ", info, StringComparison.Ordinal);
        Assert.Contains("ca-my-org-public-key.crt", info, StringComparison.Ordinal);
        Assert.Contains("SSL: True", await node.OkAsync("get processes"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Clients_without_a_certificate_or_with_a_foreign_one_are_refused()
    {
        await using var node = new TestNode();
        var port = await StartAsync(node, "");
        using var none = Client(port, null);
        await Assert.ThrowsAsync<HttpRequestException>(() => none.GetAsync("/", TestContext.Current.CancellationToken));
        using var foreign = _stranger.Issue("intruder", server: false);
        using var stranger = Client(port, foreign);
        await Assert.ThrowsAsync<HttpRequestException>(() => stranger.GetAsync("/", TestContext.Current.CancellationToken));
        using var plain = new HttpClient();
        await Assert.ThrowsAsync<HttpRequestException>(() => plain.GetAsync($"http://127.0.0.1:{port}/", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Optional_client_certificates_admit_clients_without_one_but_still_check_those_given()
    {
        await using var node = new TestNode();
        var port = await StartAsync(node, " and client_cert = optional");
        using var none = Client(port, null);
        using var response = await none.GetAsync("/", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var foreign = _stranger.Issue("intruder", server: false);
        using var stranger = Client(port, foreign);
        await Assert.ThrowsAsync<HttpRequestException>(() => stranger.GetAsync("/", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Missing_certificate_files_reject_the_command()
    {
        await using var node = new TestNode();
        var result = await node.RunAsync(
            $"run rest server where internal_ip = 127.0.0.1 and internal_port = {FreePort.Get()} and bind = true and ssl = true and server_org = nobody");
        Assert.Equal(ErrorCode.FileNotFound, result.Code);
        Assert.Contains("server-nobody-public-key.crt", result.Text, StringComparison.Ordinal);
        var noOrg = await node.RunAsync($"run rest server where internal_ip = 127.0.0.1 and internal_port = {FreePort.Get()} and ssl = true");
        Assert.Equal(ErrorCode.MissingOption, noOrg.Code);
        Assert.Contains("REST           |Not declared", await node.OkAsync("get processes"), StringComparison.Ordinal);
    }

    /// <summary>Writes the CA and a server certificate for organization "My Org" (files named "my-org") and starts the server.</summary>
    private async Task<int> StartAsync(TestNode node, string extra)
    {
        var pemDir = node.Var("pem_dir")!;
        Directory.CreateDirectory(pemDir);
        using var server = _ca.Issue("127.0.0.1", server: true);
        _ca.WriteServerFiles(pemDir, "my-org", server);
        _ca.WriteCaFile(pemDir, "my-org");
        var port = FreePort.Get();
        await node.OkAsync($"run rest server where internal_ip = 127.0.0.1 and internal_port = {port} and bind = true and ssl = true " +
                           $"and server_org = \"My Org\" and ca_org = \"My Org\"{extra}");
        return port;
    }

    private HttpClient Client(int port, X509Certificate2? certificate)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, server, _, _) =>
            server is X509Certificate2 presented && _ca.Signed(presented);
        if (certificate is not null) handler.SslOptions.ClientCertificates = [certificate];
        var http = new HttpClient(handler) { BaseAddress = new Uri($"https://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(20) };
        http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", "AnyLog/1.23");
        http.DefaultRequestHeaders.TryAddWithoutValidation("command", "get status");
        return http;
    }

    public void Dispose()
    {
        _ca.Dispose();
        _stranger.Dispose();
    }
}
