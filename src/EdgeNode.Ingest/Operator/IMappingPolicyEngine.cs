using EdgeNode.Core.Metadata;

namespace EdgeNode.Ingest.Operator;

/// <summary>
/// What the operator needs to load a data file whose name carries <c>instructions</c> (the id of a <c>mapping</c> policy,
/// SPEC §2 and §5): compile the policy once, then map each row of the file to the rows it stands for. Implemented by the
/// mapping engine of <c>run msg client</c> (<c>src/EdgeNode.Ingest/Mapping/</c>) and registered with
/// <c>node.Services.Add&lt;IMappingPolicyEngine&gt;(...)</c>. Without one, such files go to the error dir (error 30, not supported).
/// </summary>
public interface IMappingPolicyEngine
{
    /// <summary>Compiles a <c>mapping</c> policy; throws an exception whose message says what is wrong when it is not valid.</summary>
    IRowMapping Compile(Policy mappingPolicy);
}
