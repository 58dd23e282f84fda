using CsCheck;
using Xunit.Abstractions;

namespace Vigil.Config.Tests.Fuzzing;

/// <summary>
/// Fuzzing of what <c>vigil check</c> runs on a file (reader, binder, nothing-to-run refusal, cluster checker; see
/// <see cref="CheckPipeline"/>): every input ends in diagnostics, never an exception, within the bound of 1 s
/// and 100 MB per input (10 times that for inputs using ~SEQ/~LST or multi-line parameters, see <see cref="CheckPipeline.ExpandingFactor"/>). 100,000 configurations per run (both tests together), new ones each run; a failure prints
/// the CsCheck seed (CsCheck_Seed=SEED replays it), the shrunk configuration, and writes the input to a file.
/// VIGIL_FUZZ_SCALE=N runs N times the count (longer local runs).
/// </summary>
public sealed class ConfigFuzzTests(ITestOutputHelper output)
{
    /// <summary>Seeds with 1-8 token-level edits: the bulk, as they reach deep into the binder.</summary>
    private const int MutatedConfigs = 80_000;

    /// <summary>Random token streams: no seed structure at all.</summary>
    private const int RandomTokenConfigs = 20_000;

    [Fact]
    public void Check_MutatedSeedConfigs_OnlyDiagnosticsWithinBounds() =>
        Fuzz(ConfigMutator.Mutated, MutatedConfigs);

    [Fact]
    public void Check_RandomTokenStreams_OnlyDiagnosticsWithinBounds() =>
        Fuzz(ConfigMutator.RandomTokens, RandomTokenConfigs);

    private void Fuzz(Gen<FuzzConfig> inputs, int count)
    {
        int scale = int.TryParse(Environment.GetEnvironmentVariable("VIGIL_FUZZ_SCALE"), out int s) && s > 0 ? s : 1;
        var worst = new WorstCase();
        long started = System.Diagnostics.Stopwatch.GetTimestamp();

        inputs.Sample(input => worst.Record(input, CheckPipeline.Run(input)), iter: (long)count * scale, print: input => input.ToString());

        output.WriteLine($"{worst.Count} configs in {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s");
        output.WriteLine(worst.ToString());
        Assert.Equal((long)count * scale, worst.Count);
    }

    /// <summary>The slowest and the most allocating input seen, printed after the run.</summary>
    private sealed class WorstCase
    {
        private readonly Lock _lock = new();
        private (TimeSpan Time, FuzzConfig? Input) _slowest;
        private (long Bytes, FuzzConfig? Input) _largest;

        public long Count { get; private set; }

        public long Expanded { get; private set; }

        public void Record(FuzzConfig input, (TimeSpan Time, long Bytes, int Statements) cost)
        {
            lock (_lock)
            {
                Count++;
                Expanded += CheckPipeline.Expands(input.Text) ? 1 : 0;
                if (cost.Time > _slowest.Time)
                {
                    _slowest = (cost.Time, input);
                }

                if (cost.Bytes > _largest.Bytes)
                {
                    _largest = (cost.Bytes, input);
                }
            }
        }

        public override string ToString() =>
            $"{Expanded} inputs use ~SEQ/~LST or multi-line parameters; slowest input {_slowest.Time.TotalMilliseconds:F1} ms ({Summary(_slowest.Input)}); most allocating {_largest.Bytes / 1024.0 / 1024.0:F1} MB ({Summary(_largest.Input)})";

        private static string Summary(FuzzConfig? input)
        {
            string text = input?.ToString() ?? "";
            return text.Length > 600 ? text[..600] + "…" : text;
        }
    }
}
