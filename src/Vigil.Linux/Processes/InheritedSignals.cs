namespace Vigil.Linux.Processes;

/// <summary>
/// An ignored signal stays ignored across exec: <c>nohup</c> starts its command with SIGHUP ignored, and a
/// non-interactive shell starts a background job with SIGINT and SIGQUIT ignored. .NET does not install its
/// handler for a signal found ignored, so a <c>nohup vigil run</c> would silently never reload on SIGHUP,
/// where keepalived (which sets its own handlers) reloads. The daemon therefore puts the signals it handles
/// back to their default action before registering its handlers.
/// </summary>
public static unsafe class InheritedSignals
{
    /// <summary>Sets each of <paramref name="signals"/> that is ignored back to its default action (best effort: one that cannot be read or set stays as it was).</summary>
    public static void RestoreIgnored(params ReadOnlySpan<int> signals)
    {
        byte* current = stackalloc byte[Interop.Libc.SigactionSize];
        byte* defaults = stackalloc byte[Interop.Libc.SigactionSize];
        new Span<byte>(defaults, Interop.Libc.SigactionSize).Clear(); // SIG_DFL, empty mask, no flags
        foreach (int signal in signals)
        {
            if (Interop.Libc.sigaction(signal, null, current) == 0 && *(nint*)current == Interop.Libc.SIG_IGN)
            {
                _ = Interop.Libc.sigaction(signal, defaults, null);
            }
        }
    }
}
