using Vigil.Config.Binding;
using Vigil.Config.Cluster;
using Vigil.Config.Diagnostics;
using Vigil.Config.Model;
using Vigil.Config.Syntax;

namespace Vigil.Config.Tests.Fuzzing;

/// <summary>
/// What <c>vigil check</c> does with a file (Vigil.Cli's CheckRunner, without its last-resort catch): read it with the
/// preprocessor and parser, bind it, refuse a configuration with nothing to run, then check it as one node of a
/// cluster whose other node is the unmutated seed. Measures each input's CPU time (of its thread, so a busy machine
/// does not fail the bound) and allocated bytes.
/// </summary>
internal static class CheckPipeline
{
    public const string MainFile = "/etc/keepalived/keepalived.conf";

    /// <summary>The issue's bound per input.</summary>
    public static readonly TimeSpan MaxTime = TimeSpan.FromSeconds(1);

    /// <summary>The issue's bound per input, in bytes allocated.</summary>
    public const long MaxAllocatedBytes = 100L * 1024 * 1024;

    /// <summary>
    /// ~SEQ, ~LST and multi-line parameters expand a short text by design (the man page's example reads 65,024
    /// instances, 1.1 million statements, in about 4 s); the reader stops at 1.5 million lines or 64 MiB of text
    /// (RunawayInputTests), and an emitted line costs about 1-2 KB of allocations. Inputs using them are held to 10 times
    /// the bound: that still catches a hang or the unbounded growth of issue 11 items 18 and 22.
    /// </summary>
    public const int ExpandingFactor = 10;

    private static readonly KeepalivedConfig[] s_seedModels =
        [.. FuzzSeeds.All.Select(s => ConfigBinder.Bind(Load(s.Text, s.Name.Contains("conditional", StringComparison.Ordinal) ? "high" : "main")).Config)];

    public static bool Expands(string text) =>
        text.Contains("~SEQ", StringComparison.Ordinal) || text.Contains("~LST", StringComparison.Ordinal)
        || (text.Contains('$', StringComparison.Ordinal) && text.Contains('\\', StringComparison.Ordinal));

    public static (TimeSpan Time, long Bytes, int Statements) Run(FuzzConfig input)
    {
        try
        {
            return Measure(input);
        }
        catch (Exception e)
        {
            string file = Path.Combine(Path.GetTempPath(), $"vigil-fuzz-{(uint)input.Text.GetHashCode():x8}.conf");
            File.WriteAllText(file, input.Text);
            throw new InvalidOperationException($"{e.Message} (input written to {file}, config id {input.ConfigId ?? "(none)"})", e);
        }
    }

    private static (TimeSpan Time, long Bytes, int Statements) Measure(FuzzConfig input)
    {
        long bytesBefore = GC.GetAllocatedBytesForCurrentThread();
        TimeSpan started = ThreadCpuTime.Now();

        ConfigDocument document = Load(input.Text, input.ConfigId);
        ConfigBindResult result = ConfigBinder.Bind(document);
        Diagnostic? nothing = ConfigBinder.NothingToRun(document, result.Config);
        KeepalivedConfig peer = input.Seed >= 0 ? s_seedModels[input.Seed] : result.Config;
        IReadOnlyList<Diagnostic> cluster = ClusterChecker.Check([new ClusterNode("fuzzed", result.Config), new ClusterNode("seed", peer)]);

        TimeSpan time = ThreadCpuTime.Now() - started;
        long bytes = GC.GetAllocatedBytesForCurrentThread() - bytesBefore;

        foreach (Diagnostic d in document.Diagnostics.Concat(result.Diagnostics).Concat(cluster).Append(nothing).OfType<Diagnostic>())
        {
            // A diagnostic the operator can act on: a code, a message, and a place in a file (line 0: the whole file).
            if (string.IsNullOrEmpty(d.Code) || string.IsNullOrWhiteSpace(d.Message) || d.Location.File is null || d.Location.Line < 0 || d.Location.Column < 0)
            {
                throw new InvalidOperationException($"malformed diagnostic: {d.Code} {d.Location} {d.Message}");
            }
        }

        int statements = Count(document.Nodes);
        int bounds = Expands(input.Text) ? ExpandingFactor : 1;
        if (time > MaxTime * bounds || bytes > MaxAllocatedBytes * bounds)
        {
            throw new InvalidOperationException($"input took {time.TotalMilliseconds:F0} ms and {bytes / 1024 / 1024} MB for {statements} statements " +
                $"(bound {MaxTime.TotalMilliseconds * bounds} ms, {MaxAllocatedBytes * bounds / 1024 / 1024} MB)");
        }

        return (time, bytes, statements);
    }

    private static int Count(IReadOnlyList<ConfigNode> nodes)
    {
        int count = nodes.Count;
        foreach (ConfigNode node in nodes)
        {
            count += node.Children is { } children ? Count(children) : 0;
        }

        return count;
    }

    private static ConfigDocument Load(string text, string? configId)
    {
        var files = new InMemoryConfigFileSystem(FuzzSeeds.IncludedFiles).Add(MainFile, text);
        return ConfigLoader.Load(MainFile, new ConfigLoadOptions { ConfigId = configId, FileSystem = files, Random = new Random(1) });
    }
}
