using EdgeNode.Core;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;
using EdgeNode.Core.IO;
using EdgeNode.Core.Modules;
using EdgeNode.Core.Processes;

namespace EdgeNode.Ingest.Operator;

/// <summary>
/// <c>reprocess error files [where code = N and dbms = d and table = t]</c>: moves files the operator put in its error
/// dir back into its watch dir under their original names (their reason files are removed), so that a cause fixed since
/// (a table policy published, a mapping policy added, <c>create table tsd_info</c>) lets them load. A file whose
/// tsd_info entry failed continues that entry. EdgeLake has no such command: there, files are moved back by hand.
/// </summary>
internal static class ReprocessCommand
{
    private static readonly OptionSchema Schema = new(
        new OptionSpec("code", OptionType.Int, "only files that failed with this error code (the .err_<code> of their name)"),
        new OptionSpec("dbms", OptionType.Str, "only files of this database"),
        new OptionSpec("table", OptionType.Str, "only files of this table"));

    public static void Register(Node node) =>
        node.AddCommand(new CommandSpec("reprocess error files", "Move files of the error dir back to the watch dir to load them again.", Reprocess)
        {
            Usage = "reprocess error files [where code = [error code] and dbms = [name] and table = [name]]",
            Explanation =
                "Files that failed are in the error dir as <name>.err_<code>.<unique>.<extension> with a .reason.txt beside them. Once the cause " +
                "is fixed, this moves them back to the watch dir under <name>.<extension> (the operator's dirs when it runs, else !err_dir and " +
                "!watch_dir) and deletes their reason files. Files of a database that is down or not connected never go to the error dir: " +
                "they wait in the watch dir.",
            Examples = ["reprocess error files", "reprocess error files where code = 24", "reprocess error files where dbms = test and table = rand_data"],
            Where = Schema,
            Topics = ["data", "background processes"],
        });

    private static ValueTask<CommandResult> Reprocess(CommandContext context)
    {
        var bound = context.BindWhere();
        var node = context.Node;
        var options = node.Processes.Get<OperatorProcess>(ProcessNames.Operator)?.Options;
        var errDir = options?.ErrDir ?? node.Dictionary.Get("err_dir");
        var watchDir = options?.WatchDir ?? node.Dictionary.Get("watch_dir");
        if (errDir is null || watchDir is null || !Directory.Exists(errDir))
            return CommandHelpers.Fail(ErrorCode.DirectoryError, $"no error dir '{errDir}' (create work directories, or run operator)");
        var code = bound.Has("code") ? bound.Int("code") : (long?)null;
        var dbms = bound.Str("dbms")?.ToLowerInvariant();
        var table = bound.Str("table")?.ToLowerInvariant();
        var moved = 0;
        var kept = new List<string>();
        try
        {
            Directory.CreateDirectory(watchDir);
            foreach (var path in Directory.GetFiles(errDir).Order(StringComparer.Ordinal))
            {
                var file = Path.GetFileName(path);
                if (file.EndsWith(".reason.txt", StringComparison.Ordinal) || !DataFiles.TryParseErrorName(file, out var original, out var failed)) continue;
                if (code is { } wanted && failed != wanted) continue;
                var sections = original.Split('.');
                if (dbms is not null && !sections[0].Equals(dbms, StringComparison.OrdinalIgnoreCase)) continue;
                if (table is not null && (sections.Length < 2 || !sections[1].Equals(table, StringComparison.OrdinalIgnoreCase))) continue;
                if (File.Exists(Path.Combine(watchDir, original)))
                {
                    kept.Add(file);
                    continue;
                }
                DurableFiles.MoveInto(path, watchDir, original);
                File.Delete(Path.Combine(errDir, DataFiles.SplitExtension(file).Stem + ".reason.txt"));
                moved++;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return CommandHelpers.Fail(ErrorCode.FileError, $"{moved} file(s) moved back, then: {e.Message}");
        }
        var text = $"{moved} file(s) moved from {errDir} to {watchDir}";
        if (kept.Count > 0) text += $"; {kept.Count} left in the error dir (a file of the same name is in the watch dir): {string.Join(", ", kept)}";
        return CommandHelpers.Done(text);
    }
}
