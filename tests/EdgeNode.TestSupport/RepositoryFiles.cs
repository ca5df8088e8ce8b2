namespace EdgeNode.TestSupport;

/// <summary>Files of the repository the tests run from (examples, docs), found by walking up to <c>EdgeNode.slnx</c>.</summary>
public static class RepositoryFiles
{
    public static string Root
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
                if (File.Exists(System.IO.Path.Combine(directory.FullName, "EdgeNode.slnx"))) return directory.FullName;
            throw new InvalidOperationException($"no EdgeNode.slnx above {AppContext.BaseDirectory}");
        }
    }

    /// <summary>The full path of a file given relative to the repository root, e.g. <c>examples/master.al</c>.</summary>
    public static string Path(string relative) => System.IO.Path.Combine(Root, relative);
}
