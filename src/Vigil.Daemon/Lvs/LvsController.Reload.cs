using Microsoft.Extensions.Logging;
using Vigil.Config.Model;

namespace Vigil.Daemon.Lvs;

/// <summary>A reload of the virtual servers: the FILE_CHECKs' files are read again, the table is reconciled (<see cref="LvsState.Reload"/>), then checkers of removed or changed real servers stop and new ones start.</summary>
public sealed partial class LvsController
{
    /// <summary>Applies <paramref name="servers"/> hitlessly; returns the number of table changes (refused calls are logged as errors).</summary>
    public int Reload(IReadOnlyList<VirtualServer> servers)
    {
        ArgumentNullException.ThrowIfNull(servers);
        lock (_gate)
        {
            if (_stopped)
            {
                return 0;
            }

            // keepalived re-reads the track_files before it reconciles (check_daemon.c start_check): the FILE_CHECK verdicts use the values now
            _files?.Reload(servers.SelectMany(s => s.RealServers).SelectMany(r => r.Checks).OfType<FileCheck>());
            LvsReloadResult result = _state.Reload(servers);
            StopCheckers(result.Retired);
            StartCheckers(result.Started);
            PostNotifications();
            foreach (string change in result.Changes)
            {
                ReloadLog.Changed(_logger, change);
            }

            foreach (string error in result.Errors)
            {
                ReloadLog.Refused(_logger, error);
            }

            ReloadLog.Applied(_logger, _state.Services.Count, result.Changes.Count, result.Errors.Count);
            return result.Changes.Count;
        }
    }

    private static partial class ReloadLog
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "reload: IPVS: {Change}")]
        public static partial void Changed(ILogger logger, string change);

        [LoggerMessage(Level = LogLevel.Error, Message = "reload: IPVS refused a change: {Error}")]
        public static partial void Refused(ILogger logger, string error);

        [LoggerMessage(Level = LogLevel.Information, Message = "reload: IPVS: {Services} virtual server(s), {Changes} change(s), {Errors} refused")]
        public static partial void Applied(ILogger logger, int services, int changes, int errors);
    }
}
