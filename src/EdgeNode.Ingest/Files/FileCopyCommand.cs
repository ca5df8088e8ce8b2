using EdgeNode.Core;
using EdgeNode.Core.Commands;
using EdgeNode.Core.IO;
using EdgeNode.Core.Modules;

namespace EdgeNode.Ingest.Files;

/// <summary>
/// <c>file copy &lt;source&gt; &lt;destination&gt;</c> on the local node: a file, or every file a <c>*</c> pattern in the file
/// name matches, copied into a directory or to a file path. Each copy is written under a temporary name, fsynced and
/// renamed, so a watch dir never shows a partial file. A relative source is looked up next to the running script
/// first, then in the current directory.
/// </summary>
internal static class FileCopyCommand
{
    public static void Register(Node node) =>
        node.AddCommand(new CommandSpec("file copy", "Copy local files (a name or a * pattern) into a directory or to a file.", Copy)
        {
            Usage = "file copy [source file or pattern] [destination directory or file]",
            Examples = ["file copy examples/data/*.json !watch_dir", "file copy !prep_dir/test.rand_data.0.0.0.json !watch_dir"],
            Topics = ["files"],
        });

    private static ValueTask<CommandResult> Copy(CommandContext context)
    {
        var words = context.Positional.Select(t => t.Text).ToArray();
        if (words.Length != 2) return CommandHelpers.Fail(ErrorCode.CommandStructure, $"expected: {context.Spec.UsageText}");
        var sources = Sources(context, words[0]);
        if (sources.Count == 0) return CommandHelpers.Fail(ErrorCode.FileNotFound, $"no file matches '{words[0]}'");
        var destination = words[1];
        var intoDirectory = Directory.Exists(destination);
        if (!intoDirectory && sources.Count > 1)
            return CommandHelpers.Fail(ErrorCode.DirectoryError, $"'{destination}' is not a directory: {sources.Count} files cannot be copied to one file");
        try
        {
            foreach (var source in sources)
                DurableFiles.WriteAtomically(intoDirectory ? Path.Combine(destination, Path.GetFileName(source)) : destination, File.ReadAllBytes(source));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return CommandHelpers.Fail(ErrorCode.FileError, e.Message);
        }
        return CommandHelpers.Done(CommandResult.Empty);
    }

    /// <summary>The files a source names: one path, or the matches of a pattern in its last section, sorted.</summary>
    private static List<string> Sources(CommandContext context, string source)
    {
        var folder = Path.GetDirectoryName(source) is { Length: > 0 } given ? given : ".";
        var pattern = Path.GetFileName(source);
        var candidates = new List<string>();
        if (!Path.IsPathRooted(folder) && context.Script is { IsInteractive: false } script)
            candidates.Add(Path.Combine(Path.GetDirectoryName(script.Path) ?? "", folder));
        candidates.Add(folder);
        foreach (var directory in candidates.Where(Directory.Exists))
        {
            var matches = Directory.GetFiles(directory, pattern).Order(StringComparer.Ordinal).ToList();
            if (matches.Count > 0) return matches;
        }
        return [];
    }
}
