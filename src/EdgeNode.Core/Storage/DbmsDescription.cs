namespace EdgeNode.Core.Storage;

/// <summary>
/// How <c>get databases</c> shows a connection: type (<c>sqlite</c>/<c>psql</c>), owner (<c>system</c> for almgm,
/// blockchain and system_query, else <c>user</c>), <c>Local</c> or the server's ip:port, configuration and storage
/// (file path, <c>MEMORY</c>, or the PostgreSQL database).
/// </summary>
public sealed record DbmsDescription(string Type, string Owner, string IpPort, string Configuration, string Storage);
