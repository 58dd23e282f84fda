using Vigil.Core.StateMachine;
using Vigil.Daemon.EventLoop;
using Vigil.Linux.Netlink;

namespace Vigil.Daemon.Linux;

/// <summary>Adds and removes each router's VIPs through rtnetlink; "already there" / "already gone" are fine.</summary>
public sealed class NetlinkAddressManager : IVirtualAddressManager
{
    private readonly RtNetlink _netlink;
    private readonly Dictionary<VirtualRouter, IReadOnlyList<InterfaceAddress>> _addresses = new(ReferenceEqualityComparer.Instance);

    public NetlinkAddressManager(RtNetlink netlink)
    {
        _netlink = netlink;
    }

    public void Register(VirtualRouter router, IReadOnlyList<InterfaceAddress> addresses) => _addresses[router] = addresses; // a reload re-registers in place

    public void Add(RouterBinding binding)
    {
        ArgumentNullException.ThrowIfNull(binding);
        foreach (InterfaceAddress address in _addresses[binding.Router])
        {
            _netlink.AddAddress(address);
        }
    }

    public void Remove(RouterBinding binding)
    {
        ArgumentNullException.ThrowIfNull(binding);
        foreach (InterfaceAddress address in _addresses[binding.Router])
        {
            _netlink.DeleteAddress(address);
        }
    }
}
