using System.Text.Json.Serialization;

namespace Vigil.Lab.Control;

/// <summary>
/// One request line to a running lab: <c>{"op":"status"}</c>, <c>{"op":"quit"}</c> or an action
/// (<c>{"op":"stop-nginx","node":"lb2"}</c>), UTF-8 JSON plus a newline, at most <see cref="LabProtocol.MaxRequestBytes"/>.
/// </summary>
public sealed record LabRequest(string? Op, string? Node = null);

/// <summary>One answer line: <c>ok</c>, a message or an error, and the lab's status (after the action, for an action).</summary>
public sealed record LabResponse
{
    public bool Ok { get; init; }

    public string? Error { get; init; }

    public string? Message { get; init; }

    public LabStatusReport? Status { get; init; }

    public static LabResponse Failed(string error) => new() { Ok = false, Error = error };
}

/// <summary>Where a running lab listens, and its operations besides the actions of <see cref="LabActions"/>.</summary>
public static class LabProtocol
{
    public const int MaxRequestBytes = 4096;

    public const string Status = "status";
    public const string Quit = "quit";

    /// <summary>
    /// /run/PREFIX/lab.sock: inside the lab's own directory (root-owned, 0700, created fresh at start and
    /// removed at exit), so a test lab with another prefix never answers for the interactive one.
    /// </summary>
    public static string SocketPath(string prefix) => Path.Combine(SeedLab.DirectoryFor(prefix), "lab.sock");

    public static IEnumerable<string> Operations => LabActions.All.Select(a => a.Name).Append(Status).Append(Quit);
}

/// <summary>Source-generated JSON for the lab's socket and `vigil lab status --json` (no reflection: NativeAOT-clean).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LabRequest))]
[JsonSerializable(typeof(LabResponse))]
[JsonSerializable(typeof(LabStatusReport))]
public sealed partial class LabJson : JsonSerializerContext;
