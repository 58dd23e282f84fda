using System.Text.Json.Serialization;
using Vigil.Lab.Scenarios;

namespace Vigil.Cli.Json;

/// <summary>Source-generated JSON for <c>vigil lab --scenario NAME --json</c> (no reflection: NativeAOT-clean).</summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ScenarioResult))]
internal sealed partial class LabJsonContext : JsonSerializerContext;
