namespace EdgeNode.Query;

/// <summary>Where the answer of a network query goes (<c>dest = ...</c>).</summary>
internal enum QueryDestination : byte
{
    /// <summary>The command's reply: printed at the prompt, returned to a REST caller or an assignment.</summary>
    Reply,
    /// <summary>Written to <c>file = path</c>.</summary>
    File,
    /// <summary>Stored in a table of a local database (<c>table = name</c>, <c>dbms</c> default system_query).</summary>
    Dbms,
}
