namespace EdgeNode.Core.Ingest;

/// <summary>
/// One <c>topic = ( ... )</c> block of <c>run msg client</c> as the user wrote it (SPEC §8): the topic filter (MQTT
/// wildcards <c>+</c> and <c>#</c>), <c>dbms</c> and <c>table</c> (a name or <c>"bring [key]"</c>), <c>qos</c>,
/// <c>persist</c> (keep each raw message in a file), <c>policy</c> (a mapping policy id that replaces the columns) and
/// the columns. The Ingest module compiles it.
/// </summary>
public sealed record MessageTopic(
    string Name,
    string? Dbms,
    string? Table,
    int Qos,
    bool Persist,
    string? Policy,
    IReadOnlyList<MessageColumn> Columns);
