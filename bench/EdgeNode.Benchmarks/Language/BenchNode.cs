using EdgeNode.Core;
using EdgeNode.Core.Commands;

namespace EdgeNode.Benchmarks.Language;

/// <summary>A node with the core commands plus a <c>run operator</c>-shaped command whose handler only binds its options.</summary>
internal static class BenchNode
{
    public static Node Create()
    {
        var home = Directory.CreateTempSubdirectory("edgenode-bench-").FullName;
        var node = new Node(new NodeOptions { Home = home, LocalIp = "127.0.0.1" });
        node.AddModule(new EdgeNode.Core.Modules.CoreModule());
        if (node.Commands.Find("run operator") is null)
        {
            node.AddCommand(new CommandSpec("run operator", "bench", context =>
            {
                context.BindWhere();
                return ValueTask.FromResult(CommandResult.Empty);
            }) { Where = CommandDispatchBenchmarks.OperatorShape });
        }
        return node;
    }
}
