using System.Globalization;
using System.Text;
using EdgeNode.Core.Limits;
using Microsoft.Extensions.Logging;

namespace EdgeNode;

/// <summary>
/// Appends log lines to <c>&lt;home&gt;/EdgeLake/data/logs/edgenode.log</c>; the prompt stays free of log noise. The file is
/// bounded: past <see cref="LogFileLimits.MaxBytes"/> it is renamed <c>edgenode.log.1</c> (the older ones shift to
/// <c>.2</c>, <c>.3</c>, ...; the oldest beyond <see cref="LogFileLimits.MaxFiles"/> is deleted) and a new file starts, and
/// each line is cut to <see cref="Excerpt.LogEntryChars"/> characters, so no input can fill the disk through the log.
/// </summary>
internal sealed class FileLoggerProvider(string path, LogLevel minimum, LogFileLimits limits) : ILoggerProvider
{
    private readonly object _gate = new();
    private FileStream? _file;

    public ILogger CreateLogger(string categoryName) => new FileLogger(this, categoryName, minimum);

    private void Write(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(Excerpt.Of(line, Excerpt.LogEntryChars) + "\n");
        lock (_gate)
        {
            try
            {
                if (_file is not null && _file.Length + bytes.Length > limits.MaxBytes) Rotate();
                if (_file is null)
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    _file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
                }
                _file.Write(bytes);
                _file.Flush();
            }
            catch (IOException)
            {
                // logging must never take the node down
            }
            catch (UnauthorizedAccessException)
            {
                // logging must never take the node down
            }
        }
    }

    /// <summary>edgenode.log → .1 → .2 ...; the file past the count is deleted (count 1 keeps no old file).</summary>
    private void Rotate()
    {
        _file!.Dispose();
        _file = null;
        var oldest = limits.MaxFiles - 1;
        if (oldest < 1)
        {
            File.Delete(path);
            return;
        }
        File.Delete(Numbered(oldest));
        for (var n = oldest - 1; n >= 1; n--)
            if (File.Exists(Numbered(n))) File.Move(Numbered(n), Numbered(n + 1));
        File.Move(path, Numbered(1));
    }

    private string Numbered(int n) => path + "." + n.ToString(CultureInfo.InvariantCulture);

    public void Dispose()
    {
        lock (_gate) _file?.Dispose();
    }

    private sealed class FileLogger(FileLoggerProvider provider, string category, LogLevel minimum) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var time = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);
            var text = formatter(state, exception);
            if (exception is not null) text += " " + exception;
            provider.Write($"{time} {logLevel,-11} {category}: {text}");
        }
    }
}
