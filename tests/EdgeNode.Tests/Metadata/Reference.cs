namespace EdgeNode.Tests.Metadata;

/// <summary>The EdgeLake reference outputs in the shared folder (<c>shared/reference/edgelake-outputs</c>).</summary>
internal static class Reference
{
    public static string File(string name) => ReferenceOutputs.File(name);
}
