namespace EdgeNode.Core.Commands;

/// <summary>Where a command writes lines it prints while it runs (scripts, <c>echo</c>, progress). The console or a buffer.</summary>
public interface IOutputSink
{
    void WriteLine(string text);
}

/// <summary>Collects printed lines, for REST calls and tests.</summary>
public sealed class BufferOutputSink : IOutputSink
{
    private readonly System.Text.StringBuilder _buffer = new();

    public void WriteLine(string text)
    {
        lock (_buffer) _buffer.Append(text).Append('\n');
    }

    public override string ToString()
    {
        lock (_buffer) return _buffer.ToString();
    }
}

/// <summary>Discards output (background threads whose output nobody reads).</summary>
public sealed class NullOutputSink : IOutputSink
{
    public static readonly NullOutputSink Instance = new();

    public void WriteLine(string text) { }
}
