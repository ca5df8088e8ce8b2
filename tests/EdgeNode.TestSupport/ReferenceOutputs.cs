namespace EdgeNode.TestSupport;

/// <summary>The EdgeLake reference outputs in the shared folder (<c>shared/reference/edgelake-outputs</c>).</summary>
public static class ReferenceOutputs
{
    public static string File(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "reference", "edgelake-outputs", name);
            if (System.IO.File.Exists(candidate)) return candidate;
        }
        Assert.Fail($"reference output {name} not found in a 'shared' folder beside the repository");
        return "";
    }
}
