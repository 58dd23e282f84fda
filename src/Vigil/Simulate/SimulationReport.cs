using System.Text.Json.Serialization;

namespace Vigil.Cli.Simulate;

/// <summary>The JSON document of <c>vigil simulate --json</c> (shape fixed by issue 3).</summary>
internal sealed record SimulationReport(
    IReadOnlyList<TimelineEntry> Timeline,
    IReadOnlyList<FinalOwner> Final,
    bool SplitBrain);

/// <summary>One state change: <c>t</c> in seconds of virtual time since the start.</summary>
internal sealed record TimelineEntry(double T, string Node, string Instance, int Vrid, string From, string To, string Reason);

internal sealed record FinalOwner(int Vrid, string Instance, IReadOnlyList<string> Masters);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(SimulationReport))]
internal sealed partial class SimulationJsonContext : JsonSerializerContext;
