using EdgeNode.Core.Commands;

namespace EdgeNode;

/// <summary>Prints to standard output; one lock so lines from background threads do not interleave.</summary>
internal sealed class ConsoleOutputSink : IOutputSink
{
    private readonly object _gate = new();

    public void WriteLine(string text)
    {
        lock (_gate)
        {
            Console.Out.Write(text);
            if (!text.EndsWith('\n')) Console.Out.Write('\n');
            Console.Out.Flush();
        }
    }
}
