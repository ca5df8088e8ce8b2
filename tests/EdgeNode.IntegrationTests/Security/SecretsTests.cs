using System.Net.Http.Headers;

namespace EdgeNode.IntegrationTests.Security;

/// <summary>Secrets given to the node (passwords in where clauses and variables, Authorization headers) are never printed by 'get' commands or written to its logs.</summary>
public sealed class SecretsTests
{
    private const string Secret = "Sup3rS3cret";

    [Fact]
    public async Task Passwords_stay_out_of_get_commands_and_logs()
    {
        await using var rest = await RestNode.StartAsync();
        var node = rest.Node;
        await node.OkAsync($"smtp_password = {Secret}");
        await node.OkAsync($"run message broker where internal_ip = 127.0.0.1 and internal_port = {FreePort.Get()} and bind = true and user = edge and password = {Secret}");
        // a command that fails is logged with its line
        await node.RunAsync($"connect dbms bad where type = psql and ip = 127.0.0.1 and port = {FreePort.Get()} and user = x and password = {Secret}");
        await node.RunAsync($"run msg client where broker = 127.0.0.1 and port = {FreePort.Get()} and user = x and password = \"{Secret}\"");
        await node.RunAsync($"id add user where name = ops and password = {Secret} and type = nonsense");
        await node.OkAsync("trace level = 2 run rest server");
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/"))
        {
            request.Headers.TryAddWithoutValidation("command", "get status");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Secret);
            using var response = await rest.Http.SendAsync(request, TestContext.Current.CancellationToken);
        }

        var shown = new List<string>();
        foreach (var command in new[] { "get dictionary", "get dictionary where format = json", "get !smtp_password", "get processes", "get msg broker",
                     "get msg clients", "get error log", "get event log", "get users" })
            shown.Add(command + ": " + (await node.RunAsync(command)).Display);
        shown.Add("console: " + node.Output);
        foreach (var text in shown) Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        Assert.Contains("smtp_password", shown[0], StringComparison.Ordinal);
        Assert.Contains("******", shown[2], StringComparison.Ordinal);
        var errors = string.Join('\n', node.Node.Log.Errors.Entries().Select(e => e.Message));
        Assert.Contains("password = ******] (Cli)", errors, StringComparison.Ordinal);
        var events = string.Join('\n', node.Node.Log.Events.Entries().Select(e => e.Message));
        Assert.Contains("Authorization: ******", events, StringComparison.Ordinal);
    }
}
