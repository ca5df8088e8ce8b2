using System.Collections.Concurrent;

namespace EdgeNode.Core.Scripts;

/// <summary>
/// Named conditions for <c>wait N for &lt;word&gt;</c> that are not expressions, e.g. <c>wait 30 for sync</c>, registered by the
/// module that knows when they are true. The check receives the time the wait started.
/// </summary>
public sealed class WaitConditions
{
    private readonly ConcurrentDictionary<string, Func<DateTime, bool>> _conditions = new(StringComparer.OrdinalIgnoreCase);

    public void Register(string word, Func<DateTime, bool> isSatisfied) => _conditions[word] = isSatisfied;

    public Func<DateTime, bool>? Find(string word) => _conditions.TryGetValue(word, out var check) ? check : null;
}
