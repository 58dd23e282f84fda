using Microsoft.Extensions.Logging;
using Vigil.Config.Model;

namespace Vigil.Daemon.Hosting;

/// <summary>
/// promote_secondaries as keepalived 2.2.7 (vrrp.c vrrp_complete_instance, vrrp_if_config.c set_promote_secondaries):
/// net.ipv4.conf.IF.promote_secondaries = 1 on the instance's interface, so deleting a VIP that the kernel made the
/// primary of its subnet does not delete the other addresses of that subnet with it; the value it had comes back at
/// stop (keepalived resets it to 0 at shutdown when it was the one to set it; an interface already at 1 is left alone).
/// A VMAC gets it anyway (VrrpDaemon.Vmac.cs), as keepalived ignores the keyword there. A failure is a warning, as
/// keepalived carries on when the sysctl cannot be written.
/// </summary>
public sealed partial class VrrpDaemon
{
    private void PromoteSecondaries(VrrpInstance instance, string interfaceName)
    {
        try
        {
            SetSysctl($"ipv4/conf/{interfaceName}/promote_secondaries", "1", restore: true); // restored with the VMAC sysctls at stop
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.PromoteSecondariesFailed(_logger, instance.Name, interfaceName, e.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 190, Level = LogLevel.Warning, Message = "{Instance}: promote_secondaries: cannot set net.ipv4.conf.{Interface}.promote_secondaries to 1 ({Error}); deleting a VIP may delete the interface's other addresses of its subnet")]
        public static partial void PromoteSecondariesFailed(ILogger logger, string instance, string @interface, string error);
    }
}
