using Microsoft.Extensions.Logging;

namespace Vigil.Daemon.Hosting;

public sealed partial class VrrpDaemon
{
    /// <summary>
    /// Placeholder until configuration reload lands (issue 6, "Reload and stop"): the control socket's
    /// reload operation calls this; it logs and changes nothing.
    /// </summary>
    public void RequestReload(string why) => ReloadStubLog.NotImplemented(_logger, why);

    private static partial class ReloadStubLog
    {
        [LoggerMessage(EventId = 6102, Level = LogLevel.Warning, Message = "reload requested by {Why}: reload not implemented yet")]
        public static partial void NotImplemented(ILogger logger, string why);
    }
}
