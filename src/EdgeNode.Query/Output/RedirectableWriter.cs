using System.Text;

namespace EdgeNode.Query.Output;

/// <summary>
/// A text writer whose target can change: a query writes its answer into a buffer, and when the answer grows past what
/// is kept in memory, the rest goes straight to the caller's stream (REST chunked reply, console) after the buffered start.
/// </summary>
internal sealed class RedirectableWriter(TextWriter target) : TextWriter
{
    public TextWriter Target { get; private set; } = target;

    public override Encoding Encoding => Encoding.UTF8;

    /// <summary>Writes what the current target holds (a buffer) to <paramref name="next"/> and continues there.</summary>
    public async Task SwitchToAsync(TextWriter next, string buffered, CancellationToken cancellation)
    {
        await next.WriteAsync(buffered.AsMemory(), cancellation);
        Target = next;
    }

    public override void Write(char value) => Target.Write(value);

    public override void Write(string? value) => Target.Write(value);

    public override Task WriteAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default) =>
        Target.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(string? value) => Target.WriteAsync(value);

    public override Task FlushAsync(CancellationToken cancellationToken) => Target.FlushAsync(cancellationToken);
}
