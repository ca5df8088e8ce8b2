using System.Net;
using System.Net.Http.Headers;
using System.Text;
using EdgeNode.Core.Commands;

namespace EdgeNode.IntegrationTests.Security;

/// <summary>
/// <c>set user authentication on</c> with users of <c>id add user</c>: REST calls are accepted with the right Basic
/// credentials or bearer token and refused (401, error 97) without them; read-only users only read; the users file keeps
/// no secret in clear and keeps the node protected across a restart.
/// </summary>
public sealed class RestAuthenticationTests
{
    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    private static async Task<HttpResponseMessage> CallAsync(RestNode rest, HttpMethod method, string command, AuthenticationHeaderValue? auth,
        string? body = null, params (string, string)[] headers)
    {
        using var request = new HttpRequestMessage(method, "/");
        request.Headers.TryAddWithoutValidation("command", command);
        request.Headers.Authorization = auth;
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "text/plain");
        return await rest.Http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static async Task<RestNode> StartWithUsersAsync()
    {
        var rest = await RestNode.StartAsync();
        await rest.Node.OkAsync("id add user where name = ops and password = \"s3cret pass\"");
        await rest.Node.OkAsync("id add user where name = viewer and password = look and type = readonly");
        await rest.Node.OkAsync("set user authentication on");
        return rest;
    }

    [Fact]
    public async Task Basic_credentials_are_accepted_and_wrong_or_missing_ones_refused()
    {
        await using var rest = await StartWithUsersAsync();
        using (var ok = await CallAsync(rest, HttpMethod.Get, "get status", Basic("ops", "s3cret pass")))
            Assert.Equal("edgenode@127.0.0.1 running", await ok.TextAsync());
        using (var again = await CallAsync(rest, HttpMethod.Get, "get status", Basic("ops", "s3cret pass"))) // remembered
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);

        using var none = await CallAsync(rest, HttpMethod.Get, "get status", null);
        await none.ErrorAsync(ErrorCode.AuthenticationFailed, HttpStatusCode.Unauthorized);
        Assert.Equal("Basic realm=\"EdgeNode\", charset=\"UTF-8\"", none.Headers.WwwAuthenticate.ToString());
        using var wrong = await CallAsync(rest, HttpMethod.Get, "get status", Basic("ops", "s3cret"));
        await wrong.ErrorAsync(ErrorCode.AuthenticationFailed, HttpStatusCode.Unauthorized);
        using var stranger = await CallAsync(rest, HttpMethod.Get, "get status", Basic("root", "s3cret pass"));
        await stranger.ErrorAsync(ErrorCode.AuthenticationFailed, HttpStatusCode.Unauthorized);
        using var metrics = await rest.Http.GetAsync("/metrics", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, metrics.StatusCode);
        using var health = await rest.Http.GetAsync("/health", TestContext.Current.CancellationToken); // load balancers' probe stays open
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task A_bearer_token_is_accepted_until_it_is_replaced()
    {
        await using var rest = await StartWithUsersAsync();
        var token = (await rest.Node.OkAsync("id add token where name = ops")).Trim();
        Assert.Matches("^[A-Za-z0-9_-]{43}$", token);
        using (var ok = await CallAsync(rest, HttpMethod.Get, "get status", new AuthenticationHeaderValue("Bearer", token)))
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        using var scrape = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        scrape.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using (var metrics = await rest.Http.SendAsync(scrape, TestContext.Current.CancellationToken))
            Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);

        var replaced = (await rest.Node.OkAsync("id add token where name = ops")).Trim();
        Assert.NotEqual(token, replaced);
        using var old = await CallAsync(rest, HttpMethod.Get, "get status", new AuthenticationHeaderValue("Bearer", token));
        await old.ErrorAsync(ErrorCode.AuthenticationFailed, HttpStatusCode.Unauthorized);
        using var made = await CallAsync(rest, HttpMethod.Get, "get status", new AuthenticationHeaderValue("Bearer", "made-up-token"));
        await made.ErrorAsync(ErrorCode.AuthenticationFailed, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_readonly_user_reads_but_cannot_change_the_node_or_send_data()
    {
        await using var rest = await StartWithUsersAsync();
        await rest.Node.OkAsync("connect dbms test where type = sqlite");
        await rest.Node.OkAsync("sql test \"create table readings (value float)\"");
        var viewer = Basic("viewer", "look");
        using (var status = await CallAsync(rest, HttpMethod.Get, "get processes", viewer))
            Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        using (var query = await CallAsync(rest, HttpMethod.Get, "sql test format = json \"select count(*) as n from readings\"", viewer))
            Assert.Contains("\"n\":0", await query.TextAsync(), StringComparison.Ordinal);

        using var drop = await CallAsync(rest, HttpMethod.Post, "sql test \"drop table readings\"", viewer);
        var refused = await drop.ErrorAsync(ErrorCode.UnauthorizedCommand);
        Assert.Contains("user 'viewer' may only run read-only commands", refused.GetProperty("local_msg").GetString(), StringComparison.Ordinal);
        using var rename = await CallAsync(rest, HttpMethod.Post, "set node name intruder", viewer);
        await rename.ErrorAsync(ErrorCode.UnauthorizedCommand);
        using var assign = await CallAsync(rest, HttpMethod.Post, "x = get status", viewer);
        await assign.ErrorAsync(ErrorCode.UnauthorizedCommand);
        using var put = await CallAsync(rest, HttpMethod.Put, "", viewer, "{\"value\": 1}", ("dbms", "test"), ("table", "readings"), ("type", "json"));
        await put.ErrorAsync(ErrorCode.UnauthorizedCommand, HttpStatusCode.Forbidden);
        Assert.Equal("edgenode", rest.Node.Var("node_name"));

        using (var admin = await CallAsync(rest, HttpMethod.Post, "set node name renamed", Basic("ops", "s3cret pass")))
            Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        Assert.Equal("renamed", rest.Node.Var("node_name"));
    }

    [Fact]
    public async Task The_users_file_keeps_hashes_only_and_keeps_the_node_protected_after_a_restart()
    {
        var home = Directory.CreateTempSubdirectory("edgenode-test-").FullName;
        await using (var rest = await RestNode.StartAsync(prepare: null, home: home))
        {
            await rest.Node.OkAsync("id add user where name = ops and password = \"s3cret pass\"");
            await rest.Node.OkAsync("id add user where name = viewer and password = look and type = readonly");
            await rest.Node.OkAsync("set user authentication on");
            var users = await rest.Node.OkAsync("get users");
            Assert.Contains("User authentication: on", users, StringComparison.Ordinal);
            Assert.Contains("viewer", users, StringComparison.Ordinal);
            Assert.DoesNotContain("s3cret", users, StringComparison.Ordinal);
            var file = await File.ReadAllTextAsync(Path.Combine(rest.Node.Var("pem_dir")!, "users.json"), TestContext.Current.CancellationToken);
            Assert.Contains("pbkdf2-sha256$100000$", file, StringComparison.Ordinal);
            Assert.DoesNotContain("s3cret", file, StringComparison.Ordinal);
            Assert.DoesNotContain("look", file, StringComparison.Ordinal);
            if (!OperatingSystem.IsWindows())
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(rest.Node.Var("pem_dir")!, "users.json")));
            var wrongOld = await rest.Node.RunAsync("id update user password where name = ops and old = guess and new = other");
            Assert.Equal(ErrorCode.WrongPassword, wrongOld.Code);
            await rest.Node.OkAsync("id update user password where name = ops and old = \"s3cret pass\" and new = n3w");
            Assert.Equal(ErrorCode.UserNameExists, (await rest.Node.RunAsync("id add user where name = ops and password = x")).Code);
        }
        await using var restarted = new TestNode(home);
        var port = FreePort.Get();
        await restarted.OkAsync($"run rest server where internal_ip = 127.0.0.1 and internal_port = {port} and bind = true");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        using var anonymous = new HttpRequestMessage(HttpMethod.Get, "/");
        anonymous.Headers.TryAddWithoutValidation("command", "get status");
        using (var refused = await http.SendAsync(anonymous, TestContext.Current.CancellationToken))
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        using var named = new HttpRequestMessage(HttpMethod.Get, "/");
        named.Headers.TryAddWithoutValidation("command", "get status");
        named.Headers.Authorization = Basic("ops", "n3w");
        using (var accepted = await http.SendAsync(named, TestContext.Current.CancellationToken))
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Directory.Delete(home, recursive: true);
    }

    [Fact]
    public async Task Authentication_cannot_be_turned_on_without_a_user()
    {
        await using var node = new TestNode();
        var result = await node.RunAsync("set user authentication on");
        Assert.Equal(ErrorCode.MissingOption, result.Code);
        Assert.Contains("id add user", result.Text, StringComparison.Ordinal);
    }
}
