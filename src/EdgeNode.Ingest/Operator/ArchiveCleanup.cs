using System.Globalization;
using EdgeNode.Core;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Modules;

namespace EdgeNode.Ingest.Operator;

/// <summary>
/// <c>delete archive where days = N</c>: deletes the operator's archive folders (<c>archive_dir/YY/MM/DD</c>, see
/// <see cref="DataFiles.ArchiveFolder"/>) of days more than N days before today (UTC), then month and year folders left
/// empty. Folders that are not dates are left alone. The standard deployment schedules it once a day.
/// </summary>
internal static class ArchiveCleanup
{
    private static readonly OptionSchema Schema = new(
        new OptionSpec("days", OptionType.Int, "keep the archive of the last N days") { Required = true },
        new OptionSpec("dir", OptionType.Str, "the archive directory (default !archive_dir)"));

    public static void Register(Node node) =>
        node.AddCommand(new CommandSpec("delete archive", "Delete the operator's archived files older than a number of days.", Delete)
        {
            Usage = "delete archive where days = [N] [and dir = [archive directory]]",
            Examples = ["delete archive where days = 30", "delete archive where days = !archive_delete"],
            Where = Schema,
            Topics = ["data", "monitor"],
        });

    private static ValueTask<CommandResult> Delete(CommandContext context)
    {
        var options = context.BindWhere();
        var days = options.Int("days");
        if (days < 0) return CommandHelpers.Fail(ErrorCode.WrongOptionType, $"days = {days}: expected 0 or more");
        var root = options.Str("dir") ?? context.Node.Dictionary.Get("archive_dir");
        if (root is null || !Directory.Exists(root)) return CommandHelpers.Done("No archive to delete");
        var keepFrom = context.Node.Time.GetUtcNow().UtcDateTime.Date.AddDays(-days);
        var deleted = 0;
        foreach (var year in Directory.EnumerateDirectories(root).Where(TwoDigits))
        {
            foreach (var month in Directory.EnumerateDirectories(year).Where(TwoDigits))
            {
                foreach (var day in Directory.EnumerateDirectories(month))
                {
                    var name = $"{Path.GetFileName(year)}{Path.GetFileName(month)}{Path.GetFileName(day)}";
                    if (name.Length != 6 || !DateTime.TryParseExact(name, "yyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                        || date >= keepFrom) continue;
                    Directory.Delete(day, recursive: true);
                    deleted++;
                }
                DeleteIfEmpty(month);
            }
            DeleteIfEmpty(year);
        }
        return CommandHelpers.Done(deleted == 0 ? "No archive to delete" : $"Deleted the archive of {deleted} day(s) before {keepFrom:yyyy-MM-dd}");
    }

    private static bool TwoDigits(string directory) => Path.GetFileName(directory) is { Length: 2 } name && char.IsAsciiDigit(name[0]) && char.IsAsciiDigit(name[1]);

    private static void DeleteIfEmpty(string directory)
    {
        if (!Directory.EnumerateFileSystemEntries(directory).Any()) Directory.Delete(directory);
    }
}
