namespace EdgeNode.Core.Binding;

/// <summary>Types of <c>where</c>-clause values (SPEC §1). Each converts and validates the text the user wrote.</summary>
public enum OptionType : byte
{
    /// <summary>Any text.</summary>
    Str,
    /// <summary>A 64-bit integer.</summary>
    Int,
    /// <summary>A number with a fraction.</summary>
    Float,
    /// <summary><c>true</c> or <c>false</c>.</summary>
    Bool,
    /// <summary>An existing directory; the value gets a trailing separator.</summary>
    Dir,
    /// <summary>A duration such as <c>30 seconds</c> or <c>1 day</c>, bound to seconds.</summary>
    Time,
    /// <summary>A size such as <c>10KB</c> or <c>1 MB</c>, bound to bytes.</summary>
    Storage,
    /// <summary><c>host:port</c>.</summary>
    IpPort,
    /// <summary>A date or time: ISO 8601, <c>-30d</c>, <c>now()</c>.</summary>
    Date,
    /// <summary>A nested <c>( key = value and ... )</c> clause bound with its own schema.</summary>
    Nested,
    /// <summary>A list: <c>(a, b, c)</c>, <c>[a, b]</c> or <c>a,b,c</c>.</summary>
    List,
}
