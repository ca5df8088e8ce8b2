namespace EdgeNode.TestSupport;

/// <summary>
/// Debian's Chromium, headless, as a person's browser sees a page: <see cref="RenderAsync"/> loads a URL, lets its scripts
/// run (a virtual-time budget that waits for their requests), and returns the DOM they built, writing a screenshot.
/// Each run has a new empty profile, no sandbox (tests run as root), and nothing that reaches outside 127.0.0.1
/// (no background networking, component updates, sync or QUIC).
/// </summary>
public static class HeadlessChromium
{
    public const string Program = "chromium";

    /// <summary>Loads <paramref name="url"/>, writes a PNG of the window to <paramref name="screenshot"/>, and returns the rendered DOM.</summary>
    public static async Task<string> RenderAsync(string url, string screenshot, int width = 1280, int height = 900)
    {
        var profile = Directory.CreateTempSubdirectory("edgenode-chromium-").FullName;
        try
        {
            string[] common =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", $"--user-data-dir={profile}",
                $"--window-size={width},{height}", "--virtual-time-budget=10000", "--hide-scrollbars",
            ];
            var shot = await ExternalProgram.RunAsync(Program, [.. common, $"--screenshot={screenshot}", url], null, NodeProcess.EventBudget);
            Assert.True(File.Exists(screenshot), $"chromium wrote no screenshot (exit {shot.ExitCode}): {shot.Errors}");
            var dom = await ExternalProgram.RunAsync(Program, [.. common, "--dump-dom", url], null, NodeProcess.EventBudget);
            Assert.True(dom.ExitCode == 0, $"chromium --dump-dom failed ({dom.ExitCode}): {dom.Errors}");
            return dom.Output;
        }
        finally
        {
            try
            {
                Directory.Delete(profile, recursive: true);
            }
            catch (IOException)
            {
                // a helper process may still be closing a file of the profile
            }
        }
    }
}
