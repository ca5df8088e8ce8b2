namespace EdgeNode.Core.Commands;

/// <summary>Which HTTP methods may carry a command over REST (SPEC §4): read-only verbs are GET only, most others POST.</summary>
[Flags]
public enum HttpRule : byte
{
    Get = 1,
    Post = 2,
    Any = Get | Post,
}
