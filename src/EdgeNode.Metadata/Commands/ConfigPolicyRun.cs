using EdgeNode.Core.Commands;

namespace EdgeNode.Metadata.Commands;

/// <summary>The outcome of one <c>config from policy</c> run, listed by <c>get config policies</c>.</summary>
internal sealed record ConfigPolicyRun(string PolicyId, string Name, ErrorCode Error, string Message);
