using System.Collections.Concurrent;
using EdgeNode.Core;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Metadata;
using EdgeNode.Core.Ingest;
using EdgeNode.Ingest.Json;

namespace EdgeNode.Ingest.Operator;

/// <summary>
/// Files whose name carries <c>instructions</c>: the rows are mapped by that <c>mapping</c> policy (through the node's
/// <see cref="IMappingPolicyEngine"/>) before they load; the policy's declared column types create the tables. A policy
/// is compiled once and again only when its <c>date</c> changes.
/// </summary>
internal sealed class MappedFileLoader(Node node)
{
    private readonly ConcurrentDictionary<string, (string? Date, IRowMapping Mapping)> _compiled = new(StringComparer.Ordinal);

    public IReadOnlyList<(string Dbms, string Table, ReadOnlyMemory<byte> Rows, IReadOnlyList<InferredColumn> Declared)> Map(
        DataFileName name, ReadOnlyMemory<byte> content, DateTime now)
    {
        var policy = node.Services.Find<IMetadata>()?.GetPolicy(name.Instructions)
                     ?? throw new OperatorException(ErrorCode.PolicyNotFound,
                         $"mapping policy '{name.Instructions}' (the instructions of the file name) is not in the ledger");
        if (policy.Type != "mapping")
            throw new OperatorException(ErrorCode.PolicyError, $"policy '{name.Instructions}' is a '{policy.Type}' policy, not a mapping policy");
        var mapping = Compile(policy);
        var output = new MappedFileRows();
        var rows = JsonRows.Parse(content.Span);
        for (var i = 0; i < rows.Count; i++)
        {
            try
            {
                mapping.Map(rows[i], now, output);
            }
            catch (Exception e) when (e is not OperatorException)
            {
                throw new OperatorException(ErrorCode.PolicyError, $"row {i + 1} does not map with policy {policy.Id}: {e.Message}", e);
            }
        }
        var declared = mapping.Columns.Select(InferredTypes.FromStorage).ToList();
        return output.Tables.Select(t => (t.Dbms, t.Table, t.Rows, (IReadOnlyList<InferredColumn>)declared)).ToList();
    }

    private IRowMapping Compile(Policy policy)
    {
        if (_compiled.TryGetValue(policy.Id, out var known) && known.Date == policy.Date) return known.Mapping;
        var engine = node.Services.Find<IMappingPolicyEngine>()
                     ?? throw new OperatorException(ErrorCode.NotSupported,
                         $"files with instructions (mapping policy {policy.Id}) need the mapping engine, which this node does not have");
        IRowMapping mapping;
        try
        {
            mapping = engine.Compile(policy);
        }
        catch (Exception e)
        {
            throw new OperatorException(ErrorCode.PolicyError, $"mapping policy {policy.Id} is not valid: {e.Message}", e);
        }
        _compiled[policy.Id] = (policy.Date, mapping);
        return mapping;
    }
}
