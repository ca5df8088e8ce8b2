using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using EdgeNode.Core;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;

namespace EdgeNode.Benchmarks.Language;

/// <summary>
/// Tokenize + bind + dispatch of a typical <c>run operator where ...</c> line (issue 2 goal: under 2 µs per command).
/// The command is registered here with the operator's where-clause shape and a handler that only binds, so the figure
/// is the language's cost, not the operator's.
/// </summary>
[MemoryDiagnoser]
public class CommandDispatchBenchmarks
{
    public const string Line =
        "run operator where create_table = true and update_tsd_info = true and compress_json = true and compress_sql = true " +
        "and archive_json = true and master_node = 127.0.0.1:32048 and policy = 0308c4344e75f77092d7b396812545e4 and threads = 3";

    public static readonly OptionSchema OperatorShape = new(
        new OptionSpec("policy", OptionType.Str) { Required = true },
        new OptionSpec("create_table", OptionType.Bool) { Default = "true" },
        new OptionSpec("update_tsd_info", OptionType.Bool) { Default = "false" },
        new OptionSpec("compress_json", OptionType.Bool) { Default = "false" },
        new OptionSpec("compress_sql", OptionType.Bool) { Default = "true" },
        new OptionSpec("archive_json", OptionType.Bool) { Default = "false" },
        new OptionSpec("archive_sql", OptionType.Bool) { Default = "false" },
        new OptionSpec("master_node", OptionType.IpPort),
        new OptionSpec("threads", OptionType.Int) { Default = "1" });

    private Node _node = null!;
    private List<Token> _tokens = null!;

    [GlobalSetup]
    public void Setup()
    {
        _node = BenchNode.Create();
        _tokens = Tokenizer.Tokenize(Line);
    }

    [GlobalCleanup]
    public void Cleanup() => _node.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Tokenizing as the dispatcher does: into a pooled array, given back when the command is done.</summary>
    [Benchmark]
    public int Tokenize()
    {
        var tokens = Tokenizer.TokenizeToArray(Line);
        TokenArrayPool.Return(tokens);
        return tokens.Length;
    }

    [Benchmark]
    public BoundOptions Bind() => WhereClause.ParseAndBind(OperatorShape, CollectionsMarshal.AsSpan(_tokens), 3); // as CommandContext.BindWhere does

    [Benchmark(Baseline = true)]
    public CommandResult TokenizeBindDispatch() =>
        _node.Dispatcher.ExecuteAsync(Line, CommandSource.Cli, CancellationToken.None).GetAwaiter().GetResult();
}
