namespace EdgeNode.Core.Network;

/// <summary>
/// The sticky destination of the console (<c>run client (ip:port)</c> alone): while set, each line typed at the prompt
/// is sent to it; a leading <c>.</c> runs a line locally. The executable's prompt loop calls <see cref="Route"/>.
/// </summary>
public interface IConsoleDestination
{
    /// <summary>The destination in effect (as typed, e.g. <c>(10.0.0.1:32148)</c>), or null.</summary>
    string? Current { get; }

    /// <summary>Returns the line to execute for a line typed at the prompt.</summary>
    string Route(string line);
}
