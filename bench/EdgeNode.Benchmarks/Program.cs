using System.Reflection;
using BenchmarkDotNet.Running;
using EdgeNode.Benchmarks;

// Usage: dotnet run -c Release --project bench/EdgeNode.Benchmarks -- <driver> [args]   (end-to-end drivers)
//        dotnet run -c Release --project bench/EdgeNode.Benchmarks -- micro [BenchmarkDotNet args]
var drivers = Assembly.GetExecutingAssembly().GetTypes()
    .Where(t => typeof(IBenchmarkDriver).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
    .Select(t => (IBenchmarkDriver)Activator.CreateInstance(t)!)
    .OrderBy(d => d.Name, StringComparer.Ordinal)
    .ToList();

if (args.Length > 0 && args[0] == "--hello")
{
    // the floor of a .NET program's start-up and memory, measured by the startup benchmark next to edgenode
    Console.WriteLine("hello");
    await Task.Delay(Timeout.Infinite);
}
if (args.Length > 0 && args[0] == "micro")
{
    BenchmarkSwitcher.FromAssembly(typeof(IBenchmarkDriver).Assembly).Run(args[1..]);
    return 0;
}
var driver = args.Length > 0 ? drivers.FirstOrDefault(d => d.Name == args[0]) : null;
if (driver is null)
{
    Console.WriteLine("Usage: dotnet run -c Release --project bench/EdgeNode.Benchmarks -- <benchmark> [args]\n");
    Console.WriteLine("  micro [BenchmarkDotNet args]  micro-benchmarks (e.g. micro --filter *Dispatch*)");
    foreach (var d in drivers) Console.WriteLine($"  {d.Name,-28} {d.Description}");
    return args.Length == 0 ? 0 : 2;
}
await driver.RunAsync(args[1..]);
return 0;
