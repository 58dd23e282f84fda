namespace Vigil.Cli;

/// <summary>
/// The one place that refuses keepalived's checker-process options (-C/--check, -c/--checkers_pid): Vigil
/// runs virtual_server blocks and their checkers inside `vigil run`, with VRRP, in one process, so there is
/// no checker-only mode and no separate checker pid.
/// </summary>
internal static class LvsSupport
{
    public const string NotSupported = "a separate LVS checker process is not supported";

    /// <summary>The message for <paramref name="option"/>, or null once the checker is supported.</summary>
    public static string? CheckerRefusal(string option) =>
        $"vigil: {option}: {NotSupported} (vigil run runs virtual_server blocks and their checkers in one process with VRRP; see README \"LVS\")";
}
