using System.Text.Json.Serialization;
using Vigil.Daemon.Control;

namespace Vigil.Daemon.Status;

/// <summary>
/// Source-generated JSON (NativeAOT-clean) for the control protocol and <c>vigil status --json</c>:
/// camelCase like <c>vigil check --json</c>, one line per message on the socket.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowOutOfOrderMetadataProperties = true)]
[JsonSerializable(typeof(ControlRequest))]
[JsonSerializable(typeof(ControlResponse))]
[JsonSerializable(typeof(DaemonStatus))]
public sealed partial class StatusJsonContext : JsonSerializerContext;
