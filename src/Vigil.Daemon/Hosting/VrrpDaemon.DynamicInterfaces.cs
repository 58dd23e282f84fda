using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Vigil.Config.Model;
using Vigil.Core.Protocol;
using Vigil.Core.StateMachine;
using Vigil.Core.Tracking;
using Vigil.Daemon.EventLoop;
using Vigil.Daemon.Linux;
using Vigil.Linux.Announcements;
using Vigil.Linux.Netlink;
using Vigil.Linux.Vrrp;

namespace Vigil.Daemon.Hosting;

/// <summary>
/// global_defs <c>dynamic_interfaces</c> (keepalived 2.2.7): an instance whose interface does not exist is built without
/// sockets (index 0) and starts in FAULT; the loop (VrrpEventLoop.Interfaces.cs) calls <see cref="IInterfaceBinder.Attach"/>
/// when the interface is created, which opens the sockets on the new index exactly as at start, and
/// <see cref="IInterfaceBinder.Detach"/> when it is deleted. Without dynamic_interfaces a missing interface is refused at
/// start, but one deleted and created again while running is followed all the same, as keepalived follows it.
/// </summary>
public sealed partial class VrrpDaemon : IInterfaceBinder
{
    private readonly Dictionary<VrrpSocket, SocketPacketReader> _readers = new(ReferenceEqualityComparer.Instance);

    /// <summary>An instance whose interface does not exist: a router and binding on index 0, no sockets, empty ports.</summary>
    private PreparedInstance PrepareMissing(VrrpInstance instance, KeepalivedConfig config, SyncGroup? syncGroup, VirtualRouter? keep, ReceiveCounters? counters)
    {
        string interfaceName = instance.Interface!;
        IPAddress source = instance.SourceAddress ?? Unspecified(instance);
        VirtualRouter router = keep ?? new VirtualRouter(RouterOptionsMapping.FromConfig(instance, NetAddress.FromIPAddress(source)));
        syncGroup?.Add(router);
        RouterBinding binding = NewBinding(instance, config, router, 0, source, counters, []);
        Log.InterfaceMissing(_logger, instance.Name, interfaceName);
        return new PreparedInstance(binding, interfaceName, [], () =>
        {
            _addresses.Register(router, []);
            _routing.Register(router, [], []);
        });
    }

    /// <summary>0.0.0.0 or :: — the advert source until the interface has an address.</summary>
    private static IPAddress Unspecified(VrrpInstance instance) => instance.IsIPv6 ? IPAddress.IPv6Any : IPAddress.Any;

    /// <summary>Starts following the interfaces by name (at start, and when a reload turns dynamic_interfaces on): the instances' and the tracked ones.</summary>
    private void FollowInterfaces(IReadOnlyList<RouterBinding> bindings)
    {
        var watched = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (RouterBinding binding in bindings)
        {
            watched[binding.Info.Interface] = binding.InterfaceIndex;
            foreach (TrackerBinding tracker in binding.Tracking.Bindings.Where(t => t.Key.Kind == TrackerKind.Interface))
            {
                watched[tracker.Key.Name] = RtNetlink.GetInterfaceIndex(tracker.Key.Name);
            }
        }

        // The VIPs', routes' and rules' devices, no_track ones too: re-created, they get their addresses again (VrrpDaemon.Devices.cs).
        foreach (string device in _config.Instances.SelectMany(Devices).Select(d => d.Device).Concat(_config.InterfaceUpDownDelays.Select(d => d.Interface)))
        {
            watched[device] = RtNetlink.GetInterfaceIndex(device);
        }

        _loop.FollowInterfaces(this, watched);
    }

    /// <summary>
    /// Held while the socket tables (_sockets, _announcers, _readers, _links, _vmacs) change off the start-up path: by a
    /// reload's Prepare on the reload worker, and by Attach/Detach on the loop when an interface comes or goes.
    /// </summary>
    private readonly Lock _socketTablesGate = new();

    void IInterfaceBinder.Attach(RouterBinding binding, int interfaceIndex)
    {
        lock (_socketTablesGate)
        {
            AttachLocked(binding, interfaceIndex);
        }
    }

    void IInterfaceBinder.Detach(int interfaceIndex)
    {
        lock (_socketTablesGate)
        {
            DetachLocked(interfaceIndex);
            // The kernel deleted the VMACs on it too (a macvlan goes with its lower device), unwatched: their sockets
            // (the VMAC receive socket among them) close now, not at stop; Attach creates the VMACs again.
            foreach (VmacLink gone in _vmacs.Values.Where(v => RtNetlink.GetInterfaceIndex(v.Name) != v.Index).ToArray())
            {
                ForgetVmac(gone);
            }
        }
    }

    private void AttachLocked(RouterBinding binding, int interfaceIndex)
    {
        VrrpInstance instance = _config.Instances.First(i => i.Name == binding.Router.Name);
        PreparedInstance prepared = Prepare(_netlink, instance, _config, syncGroup: null, binding.Router, binding.Counters, followed: true);
        if (prepared.Binding.InterfaceIndex != interfaceIndex)
        {
            throw new DaemonSetupException($"interface '{instance.Interface}' has index {prepared.Binding.InterfaceIndex} now, not {interfaceIndex} (deleted again?)");
        }

        prepared.Register();
        StartSocketReaders();
        binding.InterfaceIndex = interfaceIndex;
        binding.VmacReceiveIndex = prepared.Binding.VmacReceiveIndex; // the VMAC was created again too (new index)
        binding.VirtualAddresses = prepared.Binding.VirtualAddresses;
        binding.Info = prepared.Binding.Info;
        WatchRouting(_config); // its virtual routes on the device's index now (VrrpDaemon.RoutingMonitor.cs)
    }

    private void DetachLocked(int interfaceIndex)
    {
        if (_announcers.Remove(interfaceIndex, out AnnouncementSocket? announce))
        {
            _resources.Remove(announce);
            _announcer.Forget(announce);
            announce.Dispose(); // the paced GARP thread skips a disposed socket (SpacedAnnouncementSender)
        }

        foreach ((int Index, AddressFamily Family) key in _sockets.Keys.Where(k => k.Item1 == interfaceIndex).ToArray())
        {
            VrrpSocket socket = _sockets[key].Socket;
            _sockets.Remove(key);
            _readSockets.Remove(socket);
            _resources.Remove(socket);
            _readers.Remove(socket, out SocketPacketReader? reader);
            if (reader is not null)
            {
                _resources.Remove(reader);
            }

            // Off the loop: the reader's thread is joined (the loop may be running on a reader thread, see VrrpDaemon.Realtime.cs).
            _ = Task.Run(() =>
            {
                reader?.Dispose();
                socket.Dispose();
            });
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 188, Level = LogLevel.Warning, Message = "{Instance}: interface {Interface} does not exist: the instance starts in FAULT and runs once the interface is created (dynamic_interfaces)")]
        public static partial void InterfaceMissing(ILogger logger, string instance, string @interface);
    }
}
