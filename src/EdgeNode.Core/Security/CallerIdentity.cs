namespace EdgeNode.Core.Security;

/// <summary>
/// Who runs the commands of the current call, when a REST caller authenticated: the user's name and whether the user may
/// only read (<c>type = readonly</c>). Flows with the call (async local) into the commands it runs, which the dispatcher
/// checks; null for the console, scripts, peers and anonymous REST calls.
/// </summary>
public sealed record CallerIdentity(string User, bool ReadOnly)
{
    private static readonly AsyncLocal<CallerIdentity?> CurrentCaller = new();

    public static CallerIdentity? Current
    {
        get => CurrentCaller.Value;
        set => CurrentCaller.Value = value;
    }
}
