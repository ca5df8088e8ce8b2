namespace EdgeNode.Core.Metadata;

/// <summary>
/// A row of the master's ledger table: <c>policy_type, policy_id, company_name, date, host, status, policy</c> where
/// <c>policy</c> is the policy's ledger line (Python <c>json.dumps</c> text) and <c>host</c> the node that pushed it.
/// </summary>
public sealed record LedgerRow(string PolicyType, string PolicyId, string? Company, string Date, string Host, string? Status, string Policy)
{
    /// <summary>The row for a policy pushed by <paramref name="host"/>.</summary>
    public static LedgerRow From(Policy policy, string host) =>
        new(policy.Type, policy.Id, policy.Company, policy.Date ?? "", host, policy.Text("status"), policy.ToJson());
}
