using BenchmarkDotNet.Attributes;
using Vigil.Config.Syntax;

namespace Vigil.Benchmarks.Config;

/// <summary>
/// Reading (lexing, preprocessing, building the tree) of a generated 1,000-instance configuration.
/// Issue 2's target for parse plus validation together: under 100 ms and 50 MB allocated.
/// </summary>
[MemoryDiagnoser]
public class ParseBenchmarks
{
    private string _text = "";
    private ConfigLoadOptions _options = new();

    [Params(1000)]
    public int Instances { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _text = LargeConfigGenerator.Generate(Instances);
        _options = new ConfigLoadOptions { ConfigId = "bench1", Random = new Random(1) };
    }

    [Benchmark]
    public ConfigDocument Parse() => ConfigParser.Parse(_text, "/etc/keepalived/keepalived.conf", _options);
}
