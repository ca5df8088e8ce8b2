namespace EdgeNode.Core.Storage;

/// <summary>
/// Which entries of a TSD table <see cref="ITimeFiles.ListAsync"/> and <see cref="ITimeFiles.TotalsAsync"/> read: row ids
/// after <see cref="AfterId"/> up to <see cref="ToId"/>, file times from <see cref="From"/> up to <see cref="Until"/> (both
/// inclusive, UTC); null bounds are open. Listed by row id, oldest first unless <see cref="NewestFirst"/>.
/// </summary>
public sealed record TsdRange
{
    public static readonly TsdRange All = new();

    public long? AfterId { get; init; }
    public long? ToId { get; init; }
    public DateTime? From { get; init; }
    public DateTime? Until { get; init; }
    public int Limit { get; init; } = 1000;
    public bool NewestFirst { get; init; }
}
