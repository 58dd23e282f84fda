using Microsoft.Extensions.Logging;
using Vigil.Core.StateMachine;
using Vigil.Core.Tracking;

namespace Vigil.Daemon.EventLoop;

/// <summary>
/// The OS side of dynamic_interfaces: opens an instance's sockets and ports on its interface's (new) index, and
/// closes what was open on an index whose interface is gone. Called on the loop thread.
/// </summary>
public interface IInterfaceBinder
{
    /// <summary>
    /// The instance's interface exists now with <paramref name="interfaceIndex"/>: open its sockets there, register its
    /// ports and set the binding's <see cref="RouterBinding.InterfaceIndex"/>, <see cref="RouterBinding.VirtualAddresses"/>
    /// and <see cref="RouterBinding.Info"/>. Throws when it cannot (the instance then stays in FAULT).
    /// </summary>
    void Attach(RouterBinding binding, int interfaceIndex);

    /// <summary>The interface that had <paramref name="interfaceIndex"/> was deleted: close the sockets open on it.</summary>
    void Detach(int interfaceIndex);

    /// <summary>
    /// An interface named <paramref name="name"/> was created: when the (attached) instance's VIPs, routes or rules name it,
    /// resolve them on its index and register them again, and return true. Throws when it cannot.
    /// </summary>
    bool Refresh(RouterBinding binding, string name);
}

/// <summary>
/// Interfaces followed by name, as keepalived 2.2.7 follows them (dynamic_interfaces only lets one be missing at start):
/// instances and track_interface entries follow their interfaces by name. One whose interface does not exist is in FAULT ("interface X does not exist"); when an RTM_NEWLINK brings that name the instance
/// is bound to the new index (sockets opened there) and leaves FAULT once the link is up and has an address (or
/// mcast_src_ip is set); an RTM_DELLINK puts it back in FAULT (a master releases its VIPs; no priority-0 advert: the
/// interface is gone) and closes its sockets. The name bookkeeping is <see cref="InterfacePresence"/>'s (pure).
/// </summary>
public sealed partial class VrrpEventLoop
{
    private readonly List<PresenceChange> _presenceChanges = [];
    private InterfacePresence? _presence;
    private IInterfaceBinder? _binder;

    /// <summary>Follows interfaces by name: <paramref name="watched"/> are the instances' and the tracked interfaces' names with their index now (0: missing). Before the loop runs, or on the loop (a reload).</summary>
    public void FollowInterfaces(IInterfaceBinder binder, IEnumerable<KeyValuePair<string, int>> watched)
    {
        ArgumentNullException.ThrowIfNull(binder);
        _binder = binder;
        _presence = new InterfacePresence(watched);
    }

    /// <summary>After a reload: the names of instances it added are followed too (a tracked name's index comes with its next link event).</summary>
    private void WatchReloadedInterfaces()
    {
        if (_presence is null)
        {
            return;
        }

        foreach (RouterBinding binding in _bindings)
        {
            _presence.Watch(binding.Info.Interface, binding.InterfaceIndex);
            foreach (TrackerBinding tracker in binding.Tracking.Bindings)
            {
                if (tracker.Key.Kind == TrackerKind.Interface)
                {
                    _presence.Watch(tracker.Key.Name, TrackedInterfaces.FirstOrDefault(t => t.Value == tracker.Key.Name).Key);
                }
            }
        }
    }

    /// <summary>A link notification with a name: appearances and disappearances of watched names before the up/down handling.</summary>
    private void OnLinkPresence(in DaemonEvent e, TimeSpan now)
    {
        if (_presence is null || e.InterfaceName is null)
        {
            return;
        }

        _presenceChanges.Clear();
        if (e.LinkDeleted)
        {
            _presence.Deleted(e.InterfaceIndex, _presenceChanges);
        }
        else
        {
            _presence.Created(e.InterfaceIndex, e.InterfaceName, _presenceChanges);
        }

        foreach (PresenceChange change in _presenceChanges)
        {
            MoveLinkDelays(change.Name, change.PreviousIndex, change.Index); // VrrpEventLoop.Links.cs
            if (change.Kind == PresenceChangeKind.Vanished)
            {
                OnInterfaceVanished(change.Name, change.PreviousIndex, now);
            }
            else
            {
                OnInterfaceAppeared(change.Name, change.Index, e.LinkUp, now);
            }
        }
    }

    private void OnInterfaceVanished(string name, int index, TimeSpan now)
    {
        foreach (RouterBinding binding in _bindings)
        {
            if (binding.InterfaceIndex == index && binding.Info.Interface == name)
            {
                Log.InterfaceDeleted(_logger, binding.Router.Name, name, index);
                Step(binding, RouterInput.InterfaceMissing(name), now);
                binding.InterfaceIndex = 0;
            }
        }

        if (TrackedInterfaces.TryGetValue(index, out string? tracked) && tracked == name)
        {
            OnTrackerChanged(TrackerKey.Interface(name), TrackerReading.Down, now);
            var remaining = new Dictionary<int, string>(TrackedInterfaces);
            remaining.Remove(index);
            TrackedInterfaces = remaining;
        }

        _linkUp.Remove(index);
        _binder?.Detach(index);
    }

    private void OnInterfaceAppeared(string name, int index, bool up, TimeSpan now)
    {
        foreach (RouterBinding binding in _bindings)
        {
            if (binding.InterfaceIndex != 0 || binding.Info.Interface != name)
            {
                continue;
            }

            try
            {
                _binder!.Attach(binding, index);
                _virtualAddresses = null; // the binding's VIPs now name the new interface
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Log.InterfaceAttachFailed(_logger, e, binding.Router.Name, name, index);
                continue;
            }

            Log.InterfaceCreated(_logger, binding.Router.Name, name, index);
            // The link's state and the address come first, so the instance never leaves FAULT for a moment on a down
            // or address-less interface; then the appearance clears the missing-interface fault.
            if (binding.TrackPrimaryInterface)
            {
                Step(binding, up ? RouterInput.InterfaceUp : RouterInput.InterfaceDown, now);
            }

            ReviewSources(index, now);
            Step(binding, RouterInput.InterfaceAppeared, now);
        }

        RefreshDevices(name);
        if (_bindings.Any(b => b.Tracking.Tracks(TrackerKey.Interface(name))))
        {
            TrackedInterfaces = new Dictionary<int, string>(TrackedInterfaces) { [index] = name };
        }
    }

    /// <summary>
    /// A VIP's, route's or rule's interface was created (again): the instances naming it resolve them on the new index.
    /// One that is master (its line says no_track, so the interface's absence did not hold it in FAULT) adds them now.
    /// </summary>
    private void RefreshDevices(string name)
    {
        foreach (RouterBinding binding in _bindings)
        {
            if (binding.InterfaceIndex == 0 || binding.Info.Interface == name)
            {
                continue;
            }

            try
            {
                if (!_binder!.Refresh(binding, name))
                {
                    continue;
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Log.DeviceRefreshFailed(_logger, e, binding.Router.Name, name);
                continue;
            }

            _virtualAddresses = null;
            Log.DeviceRefreshed(_logger, binding.Router.Name, name);
            if (binding.Router.State == RouterState.Master)
            {
                Execute(new RouterAction(RouterActionKind.AddVirtualAddresses, binding.Router));
                Execute(new RouterAction(RouterActionKind.SendGratuitousArpBurst, binding.Router, Count: Math.Max(1, binding.Router.Options.GarpMasterRepeat)));
            }
        }
    }

    /// <summary>At start: an instance whose interface does not exist (index 0, dynamic_interfaces only) is in FAULT naming it.</summary>
    private void ApplyMissingInterface(RouterBinding binding, TimeSpan now)
    {
        if (binding.InterfaceIndex == 0)
        {
            Step(binding, RouterInput.InterfaceMissing(binding.Info.Interface), now);
        }
        else if (binding.SourceFollowsPrimary && binding.Router.Options.PrimaryAddress.Value == 0)
        {
            ReviewSources(binding.InterfaceIndex, now); // started without an address (dynamic_interfaces): FAULT until one comes
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1053, Level = LogLevel.Warning, Message = "{Instance}: interface {Interface} (index {Index}) deleted: FAULT until it is created again")]
        public static partial void InterfaceDeleted(ILogger logger, string instance, string @interface, int index);

        [LoggerMessage(EventId = 1054, Level = LogLevel.Information, Message = "{Instance}: interface {Interface} created (index {Index}): sockets open on it")]
        public static partial void InterfaceCreated(ILogger logger, string instance, string @interface, int index);

        [LoggerMessage(EventId = 1056, Level = LogLevel.Information, Message = "{Instance}: interface {Interface} created: its virtual addresses, routes and rules on it are resolved on the new index")]
        public static partial void DeviceRefreshed(ILogger logger, string instance, string @interface);

        [LoggerMessage(EventId = 1057, Level = LogLevel.Error, Message = "{Instance}: interface {Interface} created but its virtual addresses and routes on it could not be resolved again")]
        public static partial void DeviceRefreshFailed(ILogger logger, Exception exception, string instance, string @interface);

        [LoggerMessage(EventId = 1055, Level = LogLevel.Error, Message = "{Instance}: interface {Interface} created (index {Index}) but the instance could not open its sockets there; it stays in FAULT")]
        public static partial void InterfaceAttachFailed(ILogger logger, Exception exception, string instance, string @interface, int index);
    }
}
