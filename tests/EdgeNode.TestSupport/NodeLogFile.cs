namespace EdgeNode.TestSupport;

/// <summary>The log file a node executable writes (<c>&lt;home&gt;/EdgeLake/data/logs/edgenode.log</c>), read while it is open.</summary>
public static class NodeLogFile
{
    public static string PathIn(string home) => Path.Combine(home, "EdgeLake", "data", "logs", "edgenode.log");

    public static string Read(string home)
    {
        var path = PathIn(home);
        if (!File.Exists(path)) return "";
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return new StreamReader(stream).ReadToEnd();
    }

    /// <summary>Waits until the log has <paramref name="text"/> (e.g. a line that <c>trace level = 1</c> writes when a command begins).</summary>
    public static Task WaitForAsync(string home, string text, string what) =>
        Eventually.HoldsAsync(() => Read(home).Contains(text, StringComparison.Ordinal), what, NodeProcess.EventBudget);
}
