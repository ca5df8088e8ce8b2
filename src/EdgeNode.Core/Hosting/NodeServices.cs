using System.Collections.Concurrent;

namespace EdgeNode.Core.Hosting;

/// <summary>
/// Services one feature project offers others through Core interfaces (e.g. Query sends through <c>IPeerClient</c>,
/// implemented in Network). Registered by modules at composition time; looked up by interface type.
/// </summary>
public sealed class NodeServices
{
    private readonly ConcurrentDictionary<Type, object> _services = new();

    public void Add<T>(T service) where T : class => _services[typeof(T)] = service;

    public T? Find<T>() where T : class => _services.TryGetValue(typeof(T), out var service) ? (T)service : null;

    public T Get<T>() where T : class =>
        Find<T>() ?? throw new InvalidOperationException($"No {typeof(T).Name} is registered: its module is not loaded");
}
