namespace EdgeNode.Core.Commands;

/// <summary>
/// Bytes a command hands back as they are, rather than as text: a blob that REST returns with its content type (an image, a
/// video). <see cref="WriteAsync"/> writes exactly <see cref="Length"/> bytes to the stream it is given; it may run after
/// the handler returned, so it holds what it needs itself (never the command's context).
/// </summary>
public sealed record BinaryContent(string ContentType, long Length, Func<Stream, CancellationToken, Task> WriteAsync);
