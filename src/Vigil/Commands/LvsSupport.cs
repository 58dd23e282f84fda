namespace Vigil.Cli;

/// <summary>
/// The one place that refuses keepalived's LVS health-checker options (-C/--check, -c/--checkers_pid)
/// until Vigil has a checker: lift the refusal here when it lands.
/// </summary>
internal static class LvsSupport
{
    public const string NotSupported = "LVS checker is not supported yet";

    /// <summary>The message for <paramref name="option"/>, or null once the checker is supported.</summary>
    public static string? CheckerRefusal(string option) =>
        $"vigil: {option}: {NotSupported} (Vigil runs the VRRP side only; keep keepalived -C for virtual_server health checks)";
}
