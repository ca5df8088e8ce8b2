using System.Globalization;
using Microsoft.Extensions.Logging;

namespace EdgeNode;

/// <summary>Appends log lines to <c>&lt;home&gt;/EdgeLake/data/logs/edgenode.log</c>; the prompt stays free of log noise.</summary>
internal sealed class FileLoggerProvider(string path, LogLevel minimum) : ILoggerProvider
{
    private readonly object _gate = new();
    private StreamWriter? _writer;

    public ILogger CreateLogger(string categoryName) => new FileLogger(this, categoryName, minimum);

    private void Write(string line)
    {
        lock (_gate)
        {
            try
            {
                if (_writer is null)
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
                }
                _writer.WriteLine(line);
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

    public void Dispose()
    {
        lock (_gate) _writer?.Dispose();
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
