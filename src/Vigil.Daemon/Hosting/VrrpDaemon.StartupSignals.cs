namespace Vigil.Daemon.Hosting;

/// <summary>The hand-over from <see cref="StartupSignals"/> (held since the first moments of <c>vigil run</c>) to the daemon's own handlers.</summary>
public sealed partial class VrrpDaemon
{
    /// <summary>The start-up signal guard; <see cref="RunAsync"/> releases it once its own handlers are installed.</summary>
    public StartupSignals? HeldSignals { get; set; }

    /// <summary>Called after the daemon's SIGHUP handler exists: a SIGHUP held during start-up becomes one reload now.</summary>
    private void ReleaseStartupSignals()
    {
        if (HeldSignals is not { } held)
        {
            return;
        }

        held.Dispose();
        HeldSignals = null;
        if (held.HangupReceived)
        {
            RequestReload("SIGHUP received during start-up");
        }
    }
}
