using Vigil.Config.Model;
using Vigil.Linux;

namespace Vigil.Daemon.Hosting;

/// <summary>The LVS half's part in a reload: once the VRRP side is applied, the virtual servers are reconciled by whoever runs them.</summary>
public sealed partial class VrrpDaemon
{
    /// <summary>Set by <c>vigil run</c>: applies a reloaded configuration's virtual servers (hitless IPVS reconcile).</summary>
    public Action<KeepalivedConfig>? VirtualServersReload { get; set; }

    private void ReloadVirtualServers(KeepalivedConfig config)
    {
        try
        {
            VirtualServersReload?.Invoke(config);
        }
        catch (Exception e) when (e is SyscallException or Vigil.Linux.Ipvs.IpvsUnavailableException)
        {
            LvsLog.ReloadFailed(_logger, e.Message);
        }
    }

    private static partial class LvsLog
    {
        [Microsoft.Extensions.Logging.LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Error, Message = "reload: the virtual servers could not be applied: {Error}")]
        public static partial void ReloadFailed(Microsoft.Extensions.Logging.ILogger logger, string error);
    }
}
