using System.Diagnostics;

namespace EdgeNode.InteropTests.Peers;

/// <summary>
/// The EdgeLake peer (the open-source AnyLog node) beside the repository, in <c>../shared/peers</c>: the interop tests run
/// real EdgeLake nodes from it. Where it is absent (a user's clone) every interop test is skipped, saying so; where it is
/// present but cannot run (its Debian Python packages are missing), the tests fail and say how to install them.
/// </summary>
public static class PeerFolder
{
    private static readonly Lazy<string?> MissingPython = new(FindMissingPython);

    /// <summary>The peers folder, or null when the repository has none beside it.</summary>
    public static string? Path { get; } = Find();

    private static string Expected => System.IO.Path.GetFullPath(System.IO.Path.Combine(RepositoryFiles.Root, "..", "shared", "peers"));

    private static string? Find() => Directory.Exists(System.IO.Path.Combine(Expected, "edgelake")) ? Expected : null;

    /// <summary><c>edgelake/run-node.sh HOME SCRIPT.al</c>: starts an EdgeLake node that runs the script and keeps running.</summary>
    public static string RunNodeScript => System.IO.Path.Combine(Path!, "edgelake", "run-node.sh");

    /// <summary>
    /// <c>deploy-node.sh HOME ENV_DIR [KEY=VALUE ...]</c>: starts a node the way EdgeLake's docker images do (the env files of
    /// a docker-compose configs folder, then the deployment scripts' <c>main.al</c>); EdgeLake, or the program in <c>NODE_CMD</c>.
    /// </summary>
    public static string DeployNodeScript => System.IO.Path.Combine(Path!, "deploy-node.sh");

    /// <summary>EdgeLake's deployment scripts (<c>node-deployment/main.al</c> and what it runs), as its docker images hold them.</summary>
    public static string DeploymentScripts => System.IO.Path.Combine(Path!, "deployment-scripts");

    /// <summary>The docker-compose env folder of a node type: master, operator, query or generic (<c>{type}-configs</c>).</summary>
    public static string ComposeConfigs(string nodeType) =>
        System.IO.Path.Combine(Path!, "docker-compose", "docker-makefiles", $"{nodeType}-configs");

    /// <summary>Skips the calling test when the peer is absent; fails it when the peer is there but cannot run.</summary>
    public static void Require()
    {
        if (Path is null) Assert.Skip($"interop test skipped: the EdgeLake peer is not at {Expected} (it runs where ../shared/peers exists)");
        if (MissingPython.Value is { } missing)
            Assert.Fail($"the EdgeLake peer needs Python packages that are missing ({missing}): run scripts/install-test-deps.sh as root");
    }

    /// <summary>The modules EdgeLake imports at start that Debian packages provide, or null when all import.</summary>
    private static string? FindMissingPython()
    {
        var info = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["-c", "import paho.mqtt, psycopg2, requests, dateutil, psutil, netifaces, pytz, numpy, dns.resolver"])
            info.ArgumentList.Add(argument);
        try
        {
            using var python = Process.Start(info)!;
            var errors = python.StandardError.ReadToEnd();
            python.WaitForExit();
            return python.ExitCode == 0 ? null : errors.Trim().Split('\n')[^1];
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"/usr/bin/python3: {e.Message}";
        }
    }
}
