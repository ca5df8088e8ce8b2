using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace EdgeNode.Tests.Core;

/// <summary>
/// The constructs of EdgeLake's deployment scripts (deployment-scripts/node-deployment: main.al, set_params.al,
/// config_policy.al, publish_policy.al) that stopped EdgeNode before (issue 17), each as the scripts write it, checked
/// from a bare clone; the interop deployment tests run the scripts themselves.
/// </summary>
public sealed class DeploymentScriptTests : IAsyncLifetime
{
    private readonly TestNode _node = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _node.DisposeAsync();

    private Task<string> RunScriptAsync(string text) => _node.RunScriptAsync(text);

    [Theory]
    [InlineData("config", "first\nsecond\nafter\n")]
    [InlineData("operator", "otherwise\nafter\n")]
    public async Task An_if_then_alone_on_its_line_opens_a_block_of_do_lines_and_else_runs_when_it_failed(string policyType, string expected)
    {
        // publish_policy.al:30
        var output = await RunScriptAsync($"""
            policy_type = {policyType}
            master_configs = false
            if !policy_type == config or !master_configs == true then
            do echo first
            do echo second
            else echo otherwise
            echo after
            """);
        Assert.Equal(expected, output);
    }

    [Fact]
    public async Task Python_takes_a_variable_holding_text_with_spaces_and_its_string_methods()
    {
        // main.al:44 and set_params.al:129
        await RunScriptAsync("""
            version = get version
            deployment_type = python !version.split(" ")[0]
            env_ledger = 127.0.0.1:32048
            env_ledger_start = python !env_ledger.split(":")[0]
            """);
        var version = _node.Var("version");
        Assert.NotNull(version);
        Assert.Contains(" ", version, StringComparison.Ordinal);
        Assert.Equal(version.Split(' ')[0], _node.Var("deployment_type"));
        Assert.Equal("127.0.0.1", _node.Var("env_ledger_start"));
    }

    [Fact]
    public async Task Set_policy_keeps_single_quoted_references_for_config_from_policy_to_resolve()
    {
        // config_policy.al: the config policy holds references that the node running it resolves
        await RunScriptAsync("""
            overlay_ip = 10.0.0.7
            anylog_server_port = 32048
            new_policy = ""
            set policy new_policy [config] = {}
            set policy new_policy [config][name] = !overlay_ip
            set policy new_policy [config][ip] = '!overlay_ip'
            set policy new_policy [config][port] = '!anylog_server_port.int'
            """);
        var config = JsonNode.Parse(_node.Var("new_policy")!)!["config"]!;
        Assert.Equal("10.0.0.7", config["name"]!.GetValue<string>());
        Assert.Equal("!overlay_ip", config["ip"]!.GetValue<string>());
        Assert.Equal("!anylog_server_port.int", config["port"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_config_policy_name_is_built_from_the_name_forms_of_the_node_type_and_company()
    {
        // set_params.al:67
        await RunScriptAsync("""
            node_type = master
            company_name = "New Company"
            config_name = !node_type.name + - + !company_name.name + -configs
            """);
        Assert.Equal("master-new_company-configs", _node.Var("config_name"));
    }

    [Fact]
    public async Task The_config_version_is_read_by_a_shell_pipeline()
    {
        // set_params.al:142
        var setup = Path.Combine(_node.Home, "setup.cfg");
        await File.WriteAllTextAsync(setup, "[metadata]\nname = deployment-scripts\nversion = 1.4.2\n", TestContext.Current.CancellationToken);
        await RunScriptAsync($"""
            config_version = system grep -m1 "^version" {setup} | awk -F " = " '{"{"}print $2{"}"}' | xargs
            """);
        Assert.Equal("1.4.2\r\n", _node.Var("config_version")); // as EdgeLake keeps it: the output's line ends as \r\n
    }

    [Fact]
    public async Task A_failed_rest_get_leaves_its_variable_unset_and_the_echo_queue_keeps_the_failure()
    {
        // main.al: the location lookup fails without internet; 'from !loc_info bring ...' must then be skipped
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        var output = await RunScriptAsync($"""
            set echo queue on
            loc_info = rest get where url = http://127.0.0.1:{port}/json
            if !loc_info then echo has location
            else echo no location
            """);
        Assert.EndsWith("no location\n", output, StringComparison.Ordinal);
        Assert.Null(_node.Var("loc_info"));
        var queue = await _node.OkAsync("get echo queue");
        Assert.Contains($"Error executing: [loc_info = rest get where url = http://127.0.0.1:{port}/json]", queue, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Set_cli_off_and_get_hostname_run_as_on_EdgeLake()
    {
        // set_params.al:19 and :23
        await RunScriptAsync("""
            set cli off
            hostname = get hostname
            """);
        Assert.Equal(Dns.GetHostName(), _node.Var("hostname"));
    }
}
