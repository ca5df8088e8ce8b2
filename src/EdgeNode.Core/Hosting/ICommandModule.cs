namespace EdgeNode.Core;

/// <summary>A feature project's entry point: registers its commands and services on the node.</summary>
public interface ICommandModule
{
    void Register(Node node);
}
