using Microsoft.Extensions.Logging;
using Vigil.Linux;
using Vigil.Linux.Netlink;

namespace Vigil.Daemon.Hosting;

/// <summary>
/// VRRP on an interface enslaved to a VRF, as keepalived 2.2.7: the sockets stay bound to the interface itself (the
/// kernel routes a slave's traffic through its VRF's table), and a VMAC is created in the VRF of its base interface
/// (netlink_link_add_vmac puts IFLA_MASTER = the base's vrf_master_ifp), so its VIPs' routes land in that table too.
/// keepalived learns the master from IFLA_MASTER when the master's IFLA_INFO_KIND is "vrf"; so does this. When the
/// base interface changes VRF while running, its VMACs move along (update_vmac_vrfs).
/// </summary>
public sealed partial class VrrpDaemon
{
    /// <summary>
    /// From a fresh link dump (a VMAC is set up at start and on reloads only): the VRF device the base interface is
    /// enslaved to, or 0 (no master, or a bridge or bond), and the VMAC's current master (0 when it does not exist).
    /// </summary>
    private static (int Vrf, int VmacMaster) VrfOfVmac(RtNetlink netlink, int baseIndex, int vmacIndex)
    {
        Dictionary<int, LinkInfo> links = netlink.GetLinks().ToDictionary(l => l.InterfaceIndex);
        int master = links.TryGetValue(baseIndex, out LinkInfo? baseLink) ? baseLink.MasterIndex : 0;
        int vrf = links.TryGetValue(master, out LinkInfo? device) && device.IsVrf ? master : 0;
        return (vrf, vmacIndex != 0 && links.TryGetValue(vmacIndex, out LinkInfo? vmac) ? vmac.MasterIndex : 0);
    }

    /// <summary>On the link reader's thread: <paramref name="baseLink"/> changed VRF; our VMACs on it follow (0: out of any).</summary>
    private void MoveVmacsToVrf(LinkInfo baseLink, int vrf)
    {
        VmacLink[] vmacs;
        lock (_socketTablesGate)
        {
            vmacs = [.. _vmacs.Values.Where(v => v.BaseName == baseLink.Name)];
        }

        if (vmacs.Length == 0)
        {
            return;
        }

        try
        {
            using RtNetlink netlink = RtNetlink.Open(); // this thread's own: the others' are in use on theirs
            foreach (VmacLink vmac in vmacs)
            {
                netlink.SetMaster(vmac.Index, vrf);
                Log.VmacVrfChanged(_logger, vmac.Name, baseLink.Name, vrf);
            }
        }
        catch (Exception e) when (e is SyscallException or IOException)
        {
            Log.VmacVrfChangeFailed(_logger, baseLink.Name, vrf, e.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 197, Level = LogLevel.Information, Message = "VMAC {Vmac} follows its interface {Interface} into the VRF of ifindex {Vrf} (0: out of any VRF)")]
        public static partial void VmacVrfChanged(ILogger logger, string vmac, string @interface, int vrf);

        [LoggerMessage(EventId = 198, Level = LogLevel.Warning, Message = "cannot move the VMACs on {Interface} into the VRF of ifindex {Vrf} (0: out of any VRF), as its interface: {Error}; they stay where they are until a reload")]
        public static partial void VmacVrfChangeFailed(ILogger logger, string @interface, int vrf, string error);
    }
}
