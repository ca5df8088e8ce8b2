namespace EdgeNode.TestSupport;

/// <summary>
/// Outputs recorded from a real EdgeLake node, kept in the repository under <c>tests/fixtures/edgelake</c> (its README
/// says what each file is), so that a fresh clone runs its tests without anything outside it.
/// </summary>
public static class ReferenceOutputs
{
    public static string Directory => RepositoryFiles.Path(System.IO.Path.Combine("tests", "fixtures", "edgelake"));

    /// <summary>The full path of a recorded output, e.g. <c>get_processes.txt</c>; fails the test when it is missing.</summary>
    public static string File(string name)
    {
        var path = System.IO.Path.Combine(Directory, name);
        if (!System.IO.File.Exists(path)) Assert.Fail($"reference output {name} is not in {Directory}");
        return path;
    }
}
