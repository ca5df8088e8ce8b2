namespace EdgeNode.Network.Security;

/// <summary>
/// A REST user in the users file: name, type (<c>admin</c>: any command the REST access rule allows; <c>readonly</c>:
/// read-only commands only), the password's hash, the bearer token's hash (null without one) and when it was added.
/// </summary>
internal sealed record UserRecord(string Name, string Type, string PasswordHash, string? TokenHash, DateTime Added)
{
    public const string Admin = "admin";
    public const string ReadOnlyType = "readonly";

    public bool ReadOnly => Type == ReadOnlyType;
}
