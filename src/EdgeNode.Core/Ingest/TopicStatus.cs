namespace EdgeNode.Core.Ingest;

/// <summary>
/// One topic block of a subscription as <c>get msg clients</c> shows it: the compiled columns, and what happened to the
/// messages received on it (a message is a success once its rows are journaled, an error when it could not be mapped
/// or stored; <see cref="LastError"/> says why).
/// </summary>
public sealed record TopicStatus(
    string Topic,
    int Qos,
    string Dbms,
    string Table,
    string Policy,
    IReadOnlyList<TopicColumnInfo> Columns,
    long Messages,
    long Success,
    long Errors,
    DateTime? LastMessageAt,
    DateTime? LastErrorAt,
    string LastError);
