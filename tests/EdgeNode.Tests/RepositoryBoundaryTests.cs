using System.Text.RegularExpressions;

namespace EdgeNode.Tests;

/// <summary>
/// A fresh clone must run its own tests: no test, benchmark or script may read a file outside the repository, its build
/// output and its temp directories. This guard fails when one of them names such a path: the directory the checkout
/// sits in, a developer's home or work tree, or the shared folder beside the repository. Only the two places that
/// start the EdgeLake peer for the interop tests may name <c>../shared/peers</c>, and they skip when it is absent.
/// </summary>
public sealed partial class RepositoryBoundaryTests
{
    private static readonly string[] ScannedFolders = ["tests", "bench", "scripts", ".ci"];

    /// <summary>The files allowed to name the peer folder beside the repository.</summary>
    private static readonly string[] PeerReaders =
    [
        "scripts/install-test-deps.sh",
        "tests/EdgeNode.InteropTests/Peers/PeerFolder.cs",
    ];

    /// <summary>System folders a test may name (a temp file, a device, a program): a clone there is not flagged for them.</summary>
    private static readonly string[] SystemFolders = ["", "/tmp", "/var/tmp", "/var", "/usr", "/opt", "/dev", "/proc", "/etc"];

    /// <summary>This file: its own examples name such paths on purpose.</summary>
    private const string Self = "tests/EdgeNode.Tests/RepositoryBoundaryTests.cs";

    // roots where checkouts and machine-specific folders live; system paths (/tmp, /usr, /dev, /proc, /etc) are fine
    [GeneratedRegex(@"(?<![\w.~-])/(work|home|root|Users|mnt|srv|media)/[\w.-]", RegexOptions.CultureInvariant)]
    private static partial Regex MachineRoot();

    [GeneratedRegex(@"shared""?\s*[,/\\]\s*""?(reference|peers|seed)\b|\.\./shared\b", RegexOptions.CultureInvariant)]
    private static partial Regex SharedFolder();

    [Fact]
    public void Tests_benchmarks_and_scripts_name_no_path_outside_the_repository()
    {
        var root = RepositoryFiles.Root;
        var checkoutParent = Path.GetDirectoryName(root)!;
        // a clone made in /tmp (or /) sits in a system folder that tests may name: only a folder of its own is a checkout's home
        var parentIsOwn = !SystemFolders.Contains(checkoutParent.TrimEnd('/')) &&
                          checkoutParent.TrimEnd('/') != Path.GetTempPath().TrimEnd('/');
        var problems = new List<string>();
        foreach (var file in SourceFiles(root))
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            if (relative == Self) continue;
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i];
                if (parentIsOwn && line.Contains(checkoutParent + "/", StringComparison.Ordinal))
                    problems.Add($"{relative}:{i + 1}: names the directory of this checkout ({checkoutParent})");
                else if (MachineRoot().IsMatch(line))
                    problems.Add($"{relative}:{i + 1}: names a machine-specific absolute path: {line.Trim()}");
                else if (SharedFolder().IsMatch(line) && !PeerReaders.Contains(relative))
                    problems.Add($"{relative}:{i + 1}: reads the shared folder beside the repository (copy the file into tests/fixtures): {line.Trim()}");
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void The_guard_finds_each_kind_of_outside_path()
    {
        Assert.Matches(MachineRoot(), "File.ReadAllText(\"/srv/data/reference/x.txt\")");
        Assert.Matches(MachineRoot(), "cp /home/alice/data.json .");
        Assert.DoesNotMatch(MachineRoot(), "Path.Combine(home, \"EdgeLake\", \"data\") // /tmp/edgenode-it-x/work/");
        Assert.DoesNotMatch(MachineRoot(), "/usr/sbin/smtp-sink /etc/hostname /tmp/a.json");
        Assert.Matches(SharedFolder(), "Path.Combine(dir, \"shared\", \"reference\") + \"shared/reference/edgelake-outputs\"");
        Assert.Matches(SharedFolder(), "Path.Combine(directory.FullName, \"shared\", \"reference\", \"edgelake-outputs\", name)");
        Assert.Matches(SharedFolder(), "run ../shared/peers/edgelake/run-node.sh");
        Assert.DoesNotMatch(SharedFolder(), "a topic shared by two clients");
    }

    private static IEnumerable<string> SourceFiles(string root) =>
        ScannedFolders
            .Select(folder => Path.Combine(root, folder))
            .Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            .Where(file => !IsBuildOutput(file) && !file.Contains($"{Path.DirectorySeparatorChar}fixtures{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(file => Path.GetExtension(file) is ".cs" or ".sh" or ".al" or ".json" or ".props" or ".csproj" or "");

    private static bool IsBuildOutput(string file) =>
        file.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or "BenchmarkDotNet.Artifacts");
}
