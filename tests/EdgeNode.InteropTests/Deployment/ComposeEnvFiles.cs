namespace EdgeNode.InteropTests.Deployment;

/// <summary>
/// The variables docker compose's <c>env_file</c> gives a container from a docker-compose configs folder: its
/// <c>base_configs.env</c>, then its <c>advance_configs.env</c> (a later file wins). A line is KEY=VALUE; blank lines and
/// lines starting with '#' are skipped; a value in double quotes loses them (<c>ANYLOG_BROKER_PORT=""</c> is empty).
/// </summary>
public static class ComposeEnvFiles
{
    public static Dictionary<string, string> Read(string configsFolder)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in (string[])["base_configs.env", "advance_configs.env"])
            foreach (var line in File.ReadLines(Path.Combine(configsFolder, file)))
            {
                var text = line.Trim();
                var equals = text.IndexOf('=');
                if (text.Length == 0 || text.StartsWith('#') || equals <= 0) continue;
                var value = text[(equals + 1)..].Trim();
                if (value.Length >= 2 && value[0] == '"' && value[^1] == '"') value = value[1..^1];
                variables[text[..equals].Trim()] = value;
            }
        return variables;
    }
}
