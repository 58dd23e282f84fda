using Vigil.Config.Model;
using Vigil.Daemon.Hosting;

namespace Vigil.Cli.Check;

/// <summary>
/// A reload (SIGHUP) applies the VRRP side only: changed virtual servers are named in a warning so the
/// operator knows a restart is needed, never silently left as they were.
/// </summary>
internal static class LvsReload
{
    public static ReloadedConfig Diagnose(ReloadedConfig reloaded, ValueArray<VirtualServer> running)
    {
        if (reloaded.Config is null || reloaded.Config.VirtualServers.Equals(running))
        {
            return reloaded;
        }

        return reloaded with
        {
            Warnings = [.. reloaded.Warnings, "virtual_server changes are not applied by a reload yet: the IPVS table keeps the virtual servers vigil started with; restart vigil to apply them"],
        };
    }
}
