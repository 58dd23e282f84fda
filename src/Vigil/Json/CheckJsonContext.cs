using System.Text.Json.Serialization;

namespace Vigil.Cli.Json;

/// <summary>Source-generated JSON for <c>vigil check --json</c> and <c>--dump</c> (no reflection: NativeAOT-clean).</summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    Converters = [typeof(IPAddressJsonConverter), typeof(SourceRefJsonConverter), typeof(AuthenticationJsonConverter)])]
[JsonSerializable(typeof(JsonCheckReport))]
[JsonSerializable(typeof(JsonModelDump))]
internal sealed partial class CheckJsonContext : JsonSerializerContext;
