namespace EdgeNode.Core.Storage;

/// <summary>The database engines a logical DBMS can live on (<c>connect dbms ... where type = sqlite|psql</c>).</summary>
public enum DbmsEngine : byte
{
    Sqlite,
    PostgreSql,
}
