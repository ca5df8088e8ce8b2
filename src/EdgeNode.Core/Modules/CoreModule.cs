namespace EdgeNode.Core.Modules;

/// <summary>The commands every node has: dictionary, scripts, node information, processes, help.</summary>
public sealed class CoreModule : ICommandModule
{
    public void Register(Node node)
    {
        VariableCommands.Register(node);
        ScriptCommands.Register(node);
        NodeInfoCommands.Register(node);
        ProcessCommands.Register(node);
        HelpCommands.Register(node);
        HostCommands.Register(node);
        AccessCommands.Register(node);
        node.Metrics.AddSource(new Metrics.CoreMetricsSource(node));
    }
}
