using Vigil.Daemon.Status;

namespace Vigil.Daemon.Control;

/// <summary>
/// One request line of the control protocol: <c>{"op":"status"}</c>, <c>{"op":"ping"}</c> or
/// <c>{"op":"reload"}</c>, UTF-8 JSON terminated by a newline, at most <see cref="ControlProtocol.MaxRequestBytes"/>.
/// </summary>
public sealed record ControlRequest(string? Op);

/// <summary>One response line: <c>ok</c> plus either the answer or an <c>error</c> text.</summary>
public sealed record ControlResponse
{
    public bool Ok { get; init; }

    public string? Error { get; init; }

    public string? Message { get; init; }

    public DaemonStatus? Status { get; init; }

    public static ControlResponse Failed(string error) => new() { Ok = false, Error = error };
}

/// <summary>Protocol constants and the operations with who may call them.</summary>
public static class ControlProtocol
{
    /// <summary>A request is one short JSON line; anything longer is refused before it is parsed.</summary>
    public const int MaxRequestBytes = 4096;

    /// <summary>A status reply grows with the instances (and their 100-entry histories); the client bounds what it reads.</summary>
    public const int MaxResponseBytes = 16 * 1024 * 1024;

    public const string Status = "status";
    public const string Ping = "ping";
    public const string Reload = "reload";

    /// <summary>Read-only operations are open to root and the control group; reload changes the daemon, so root only.</summary>
    public static bool NeedsRoot(string op) => op == Reload;

    public static bool IsKnown(string? op) => op is Status or Ping or Reload;
}
