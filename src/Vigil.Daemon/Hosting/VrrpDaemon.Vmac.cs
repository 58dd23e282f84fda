using System.Net;
using Microsoft.Extensions.Logging;
using Vigil.Config.Model;
using Vigil.Core.Vmac;
using Vigil.Linux;
using Vigil.Linux.Netlink;
using Vigil.Linux.Vrrp;

namespace Vigil.Daemon.Hosting;

/// <summary>
/// use_vmac as keepalived 2.2.7 does it: a macvlan in mode private on the instance's interface, named
/// <c>vrrp.VRID</c> unless named, with the RFC 5798 virtual MAC 00:00:5e:00:01:VRID (IPv6: 00:00:5e:00:02:VRID);
/// the VIPs go on it and adverts leave through it unless vmac_xmit_base. IPv4: the VMAC answers ARP only for its
/// own addresses (arp_ignore 1, accept_local 1, rp_filter 0) and the base interface stops answering for them
/// (arp_ignore 1, arp_filter 1, restored at stop). IPv6: no EUI-64 link-local (all routers' VMACs share the MAC);
/// the base interface's link-local is added instead. The VMACs are deleted at stop.
/// </summary>
public sealed partial class VrrpDaemon
{
    private readonly Dictionary<string, VmacLink> _vmacs = new(StringComparer.Ordinal);
    private readonly Dictionary<(int, System.Net.Sockets.AddressFamily), VrrpSocket> _vmacSockets = [];
    private readonly Dictionary<string, string> _restoreSysctls = new(StringComparer.Ordinal);

    private VmacLink Vmac(RtNetlink netlink, VrrpInstance instance, VmacSpec spec, string prefix, string baseName, int baseIndex, LinkInfo baseLink)
    {
        string name = VmacName(instance, spec, prefix);
        if (_vmacs.TryGetValue(name, out VmacLink? known))
        {
            if (RtNetlink.GetInterfaceIndex(name) == known.Index)
            {
                return known;
            }

            ForgetVmac(known); // the kernel deleted it with its base interface (dynamic_interfaces): create it again
        }

        return VmacOn(netlink, instance.Name, name, AddressVmacs.Mac(instance, instance.IsIPv6), instance.IsIPv6, (baseName, baseIndex, baseLink), spec.Location);
    }

    /// <summary>Creates (or adopts) the macvlan <paramref name="name"/> on the base interface and sets it up as keepalived does.</summary>
    private VmacLink VmacOn(RtNetlink netlink, string instanceName, string name, byte[] mac, bool ipv6, (string Name, int Index, LinkInfo Link) parent, SourceRef location)
    {
        (string baseName, int baseIndex, LinkInfo baseLink) = parent;
        try
        {
            int index = RtNetlink.GetInterfaceIndex(name);
            if (index != 0)
            {
                index = AdoptOrClear(netlink, instanceName, name, mac, (baseName, baseIndex, baseLink), location);
            }

            (int vrf, int vmacMaster) = VrfOfVmac(netlink, baseIndex, index); // VrrpDaemon.Vrf.cs
            if (index == 0)
            {
                index = netlink.CreateMacvlan(name, baseIndex, mac, vrf);
                Log.VmacCreated(_logger, instanceName, name, Convert.ToHexString(mac), baseName);
            }
            else if (vmacMaster != vrf)
            {
                netlink.SetMaster(index, vrf); // an adopted VMAC joins (or leaves) its base's VRF, as keepalived's reuse
            }

            if (ipv6)
            {
                netlink.DisableAddressGeneration(index);
            }
            else
            {
                SetSysctl($"ipv4/conf/{name}/arp_ignore", "1", restore: false);
                SetSysctl($"ipv4/conf/{name}/accept_local", "1", restore: false);
                SetSysctl($"ipv4/conf/{name}/rp_filter", "0", restore: false);
                SetSysctl($"ipv4/conf/{name}/promote_secondaries", "1", restore: false);
                SetSysctl($"ipv4/conf/{baseName}/arp_ignore", "1", restore: true);
                SetSysctl($"ipv4/conf/{baseName}/arp_filter", "1", restore: true);
            }

            netlink.SetLinkUp(index, up: true);
            if (ipv6 && baseLink.HardwareAddress.Length == 6)
            {
                netlink.AddAddress(new InterfaceAddress(index, LinkLocal(baseLink.HardwareAddress), 64, Scope: AddressScope.Link, NoDad: true));
            }

            var vmac = new VmacLink(name, index, mac, baseName);
            _vmacs.Add(name, vmac);
            return vmac;
        }
        catch (Exception e) when (e is SyscallException or IOException or UnauthorizedAccessException)
        {
            throw new DaemonSetupException($"{location}: vrrp_instance {instanceName}: cannot set up VMAC {name} on {baseName}: {e.Message}", e);
        }
    }

    /// <summary>
    /// An interface already has the VMAC's name, most likely left by a run that crashed. As keepalived 2.2.7's
    /// netlink_link_add_vmac: a private macvlan on the base interface with the virtual MAC is taken over as is (its
    /// index returned); another macvlan is deleted so a right one is created (0 returned); anything else is refused,
    /// never deleted (it is not a VMAC: a NIC, a veth, someone's bridge).
    /// </summary>
    private int AdoptOrClear(RtNetlink netlink, string instanceName, string name, byte[] mac, (string Name, int Index, LinkInfo Link) parent, SourceRef location)
    {
        LinkInfo? link = netlink.GetLinks().FirstOrDefault(l => l.Name == name);
        if (link is null)
        {
            return 0; // gone meanwhile
        }

        if (link.Kind != LinkKind.Macvlan)
        {
            throw new DaemonSetupException($"{location}: vrrp_instance {instanceName}: interface {name} exists and is not a macvlan: it cannot be the VMAC; delete it or give the VMAC another name (use_vmac NAME, vmac_prefix, vmac_addr_prefix)");
        }

        if (IsVmacOf(link, mac, parent.Index, parent.Link))
        {
            Log.VmacAdopted(_logger, instanceName, name, Convert.ToHexString(mac), parent.Name);
            return link.InterfaceIndex;
        }

        Log.VmacReplaced(_logger, instanceName, name, Convert.ToHexString(link.HardwareAddress), link.MacvlanMode ?? 0, link.ParentIndex, Convert.ToHexString(mac), parent.Name);
        netlink.DeleteLink(link.InterfaceIndex);
        return 0;
    }

    /// <summary>
    /// A private macvlan with <paramref name="mac"/> on the base interface (or, when the base is itself a macvlan, on
    /// the base's lower device, where the kernel puts it), as keepalived's if_get_by_vmac matches.
    /// </summary>
    private static bool IsVmacOf(LinkInfo link, byte[] mac, int baseIndex, LinkInfo baseLink) =>
        link.IsPrivateMacvlan
        && link.HardwareAddress.AsSpan().SequenceEqual(mac)
        && (link.ParentIndex == baseIndex || (baseLink.Kind == LinkKind.Macvlan && baseLink.ParentIndex != 0 && link.ParentIndex == baseLink.ParentIndex));

    /// <summary>Closes what was open on a VMAC that no longer exists (its announcement and send sockets); the caller holds the socket tables.</summary>
    private void ForgetVmac(VmacLink gone)
    {
        _vmacs.Remove(gone.Name);
        DetachLocked(gone.Index);
        foreach ((int, System.Net.Sockets.AddressFamily) key in _vmacSockets.Keys.Where(k => k.Item1 == gone.Index).ToArray())
        {
            _vmacSockets.Remove(key, out VrrpSocket? socket);
            _resources.Remove(socket!);
            socket!.Dispose();
        }
    }

    /// <summary>
    /// use_vmac_addr / an address's use_vmac (<see cref="AddressVmacs"/>): the VMAC index of each address that gets one.
    /// One VMAC per base interface and MAC is shared by the addresses, found again on a reload; a new one is named as
    /// keepalived's create_vmac_name, skipping the instances' own VMAC names and existing interfaces. With
    /// <paramref name="create"/> false (the old VIPs of a reload) nothing is created.
    /// </summary>
    private Dictionary<AddressEntry, int> AddressVmacIndexes(RtNetlink netlink, VrrpInstance instance, KeepalivedConfig config, bool create)
    {
        var result = new Dictionary<AddressEntry, int>();
        foreach (AddressEntry entry in instance.VirtualIpAddresses.Concat(instance.VirtualIpAddressesExcluded).Where(e => AddressVmacs.Needs(instance, e)))
        {
            string baseName = AddressVmacs.BaseInterface(instance, entry);
            byte[] mac = AddressVmacs.Mac(instance, entry.IsIPv6);
            VmacLink? vmac = _vmacs.Values.FirstOrDefault(v => v.BaseName == baseName && v.Mac.AsSpan().SequenceEqual(mac));
            int baseIndex = RtNetlink.GetInterfaceIndex(baseName);
            if (vmac is null && create && baseIndex != 0 && _links.TryGetValue(baseIndex, out LinkInfo? baseLink))
            {
                HashSet<string> instanceVmacs = [.. config.Instances.Where(i => i.UseVmac is not null).Select(i => VmacName(i, i.UseVmac!, config.Global.VmacPrefix))];
                // keepalived's if_get_by_vmac: a VMAC already there (left by a crashed run) is reused whatever its name.
                string name = netlink.GetLinks().FirstOrDefault(l => IsVmacOf(l, mac, baseIndex, baseLink) && !instanceVmacs.Contains(l.Name) && !_vmacs.ContainsKey(l.Name))?.Name
                    ?? AddressVmacs.Name(config.Global.AddressVmacPrefix, instance.VirtualRouterId, entry.IsIPv6,
                        n => instanceVmacs.Contains(n) || RtNetlink.GetInterfaceIndex(n) != 0);
                vmac = VmacOn(netlink, instance.Name, name, mac, entry.IsIPv6, (baseName, baseIndex, baseLink), entry.Location);
            }

            if (vmac is not null)
            {
                result[entry] = vmac.Index;
            }
        }

        return result;
    }

    /// <summary>keepalived's default name: vmac_prefix (default "vrrp"), a dot, the VRID.</summary>
    private static string VmacName(VrrpInstance instance, VmacSpec spec, string prefix) =>
        spec.InterfaceName ?? $"{prefix}.{instance.VirtualRouterId}";

    /// <summary>The interface an instance's VIPs live on: its VMAC if it has one, else the instance's interface.</summary>
    private int VipInterfaceIndex(VrrpInstance instance, int baseIndex) =>
        instance.UseVmac is { } spec && _vmacs.TryGetValue(VmacName(instance, spec, _config.Global.VmacPrefix), out VmacLink? vmac) ? vmac.Index : baseIndex;

    /// <summary>At stop, after the masters released their addresses: the VMACs go, the base interfaces' ARP settings (and promote_secondaries) come back.</summary>
    private void RemoveVmacs()
    {
        foreach (VmacLink vmac in _vmacs.Values)
        {
            try
            {
                _netlink.DeleteLink(vmac.Index);
            }
            catch (SyscallException e)
            {
                Log.VmacRemoveFailed(_logger, vmac.Name, e.Message);
            }
        }

        foreach ((string path, string value) in _restoreSysctls)
        {
            try
            {
                File.WriteAllText(path, value);
            }
            catch (IOException)
            {
                // the base interface may be gone
            }
        }
    }

    /// <summary>Adverts leave through the VMAC (source MAC the virtual one) from a send-only socket; receiving stays on the base interface.</summary>
    private VrrpSocket SendSocket(VmacLink vmac, System.Net.Sockets.AddressFamily family)
    {
        if (!_vmacSockets.TryGetValue((vmac.Index, family), out VrrpSocket? socket))
        {
            socket = Own(VrrpSocket.Open(new VrrpSocketOptions { Family = family, InterfaceName = vmac.Name }));
            _vmacSockets.Add((vmac.Index, family), socket);
        }

        return socket;
    }

    private void SetSysctl(string name, string value, bool restore)
    {
        string path = "/proc/sys/net/" + name;
        if (restore && !_restoreSysctls.ContainsKey(path))
        {
            _restoreSysctls[path] = File.ReadAllText(path).Trim();
        }

        File.WriteAllText(path, value);
    }

    /// <summary>fe80::/64 with the modified EUI-64 of <paramref name="mac"/> (RFC 4291 appendix A).</summary>
    private static IPAddress LinkLocal(byte[] mac) =>
        new([0xfe, 0x80, 0, 0, 0, 0, 0, 0, (byte)(mac[0] ^ 0x02), mac[1], mac[2], 0xff, 0xfe, mac[3], mac[4], mac[5]]);

    private sealed record VmacLink(string Name, int Index, byte[] Mac, string BaseName);

    private static partial class Log
    {
        [LoggerMessage(EventId = 183, Level = LogLevel.Information, Message = "{Instance}: VMAC {Vmac} (MAC {Mac}, macvlan private) created on {Interface}")]
        public static partial void VmacCreated(ILogger logger, string instance, string vmac, string mac, string @interface);

        [LoggerMessage(EventId = 191, Level = LogLevel.Warning, Message = "{Instance}: VMAC {Vmac} (MAC {Mac}, macvlan private on {Interface}) already exists, left by an earlier run: taken over")]
        public static partial void VmacAdopted(ILogger logger, string instance, string vmac, string mac, string @interface);

        [LoggerMessage(EventId = 192, Level = LogLevel.Warning, Message = "{Instance}: macvlan {Vmac} already exists but is not the VMAC (MAC {Mac}, mode {Mode}, lower ifindex {Lower}; wanted MAC {Wanted}, mode private on {Interface}): deleted and created again")]
        public static partial void VmacReplaced(ILogger logger, string instance, string vmac, string mac, uint mode, int lower, string wanted, string @interface);

        [LoggerMessage(EventId = 184, Level = LogLevel.Warning, Message = "cannot remove VMAC {Vmac}: {Error}")]
        public static partial void VmacRemoveFailed(ILogger logger, string vmac, string error);
    }
}
