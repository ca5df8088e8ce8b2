namespace EdgeNode.Benchmarks;

/// <summary>
/// An end-to-end measurement (rows/s, msgs/s, latency percentiles, RSS) that prints its figure next to a baseline measured
/// in the same run. Found by reflection: adding a driver is adding a class.
/// </summary>
public interface IBenchmarkDriver
{
    /// <summary>The name given on the command line: <c>dotnet run -c Release --project bench/EdgeNode.Benchmarks -- &lt;name&gt;</c>.</summary>
    string Name { get; }

    string Description { get; }

    Task RunAsync(string[] arguments);
}
