using EdgeNode.Core.Commands;
using Microsoft.Extensions.Logging;

namespace EdgeNode.Core;

/// <summary>How to build a <see cref="Node"/>: its home, logging, clock and console.</summary>
public sealed record NodeOptions
{
    public required string Home { get; init; }
    public ILoggerFactory? LoggerFactory { get; init; }
    public TimeProvider Time { get; init; } = TimeProvider.System;
    public IOutputSink? Console { get; init; }

    /// <summary>Skips interface enumeration (tests); the node then uses 127.0.0.1.</summary>
    public string? LocalIp { get; init; }
}
