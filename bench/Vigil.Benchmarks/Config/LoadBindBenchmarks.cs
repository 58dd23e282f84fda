using BenchmarkDotNet.Attributes;
using Vigil.Config.Binding;
using Vigil.Config.Syntax;

namespace Vigil.Benchmarks.Config;

/// <summary>
/// What <c>vigil check</c> does for one node: read the generated 1,000-instance configuration, bind it to
/// the typed model and run every validation rule. Issue 2's target: under 100 ms and 50 MB allocated.
/// Run: dotnet run -c Release --project bench/Vigil.Benchmarks -- --filter '*LoadBindBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
public class LoadBindBenchmarks
{
    private string _text = "";
    private ConfigLoadOptions _options = new();
    private ConfigDocument _document = null!;

    [Params(1000)]
    public int Instances { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _text = LargeConfigGenerator.Generate(Instances);
        _options = new ConfigLoadOptions { ConfigId = "bench1", Random = new Random(1) };
        _document = ConfigParser.Parse(_text, "/etc/keepalived/keepalived.conf", _options);
        ConfigBindResult check = ParseBindValidate();
        if (check.HasErrors || check.Config.Instances.Count != Instances)
        {
            throw new InvalidOperationException("the generated configuration must bind without errors:\n" + string.Join("\n", check.Diagnostics.Take(5)));
        }
    }

    /// <summary>Binding and validation alone, on an already parsed document.</summary>
    [Benchmark]
    public ConfigBindResult BindValidate() => ConfigBinder.Bind(_document);

    [Benchmark]
    public ConfigBindResult ParseBindValidate() => ConfigBinder.Bind(ConfigParser.Parse(_text, "/etc/keepalived/keepalived.conf", _options));
}
