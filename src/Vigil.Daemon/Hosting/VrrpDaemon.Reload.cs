namespace Vigil.Daemon.Hosting;

public sealed partial class VrrpDaemon
{
    /// <summary>
    /// Placeholder until configuration reload lands (issue 6, "Reload and stop"): the control socket's
    /// reload operation calls this; it logs and changes nothing.
    /// </summary>
    public void RequestReload(string why) => StatusLog.ReloadNotImplemented(_logger, why);
}
