using Vigil.Core.StateMachine;

namespace Vigil.Daemon.EventLoop;

/// <summary>
/// Link events → routers, as keepalived 2.2.7 (keepalived_netlink.c update_interface_flags):
/// <c>interface_up_down_delays</c> holds a change of an interface's state for its delay and drops it when the
/// link flips back meanwhile (only once the interface has been seen up, so a start-up state is never delayed);
/// an instance with <c>dont_track_primary</c> ignores its own interface's state (track_interface still applies).
/// </summary>
public sealed partial class VrrpEventLoop
{
    private readonly Dictionary<int, bool> _linkUp = [];
    private readonly HashSet<int> _seenUp = [];
    private readonly Dictionary<int, (bool Up, TimeSpan At)> _pendingLinks = [];

    /// <summary>interface_up_down_delays by interface index (already capped per instance). Set before the loop runs.</summary>
    public IReadOnlyDictionary<int, (TimeSpan Down, TimeSpan Up)> LinkDelays { get; set; } = new Dictionary<int, (TimeSpan Down, TimeSpan Up)>();

    /// <summary>interface_up_down_delays by name (capped): given to an interface created after the start (dynamic_interfaces).</summary>
    public IReadOnlyDictionary<string, (TimeSpan Down, TimeSpan Up)> LinkDelaysByName { get; set; } = new Dictionary<string, (TimeSpan Down, TimeSpan Up)>();

    /// <summary>
    /// dynamic_interfaces: a created interface gets its name's delays on its new index, a deleted one's are dropped with a
    /// change held for it. The first up of a new interface is never held (not seen up yet), as keepalived's seen_up.
    /// </summary>
    private void MoveLinkDelays(string name, int previousIndex, int index)
    {
        var delays = new Dictionary<int, (TimeSpan Down, TimeSpan Up)>(LinkDelays);
        if (previousIndex != 0)
        {
            delays.Remove(previousIndex);
            _pendingLinks.Remove(previousIndex);
            _seenUp.Remove(previousIndex);
        }

        if (index != 0 && LinkDelaysByName.TryGetValue(name, out (TimeSpan Down, TimeSpan Up) delay))
        {
            delays[index] = delay;
        }

        LinkDelays = delays;
    }

    /// <summary>linkbeat_interfaces being polled: their up/down comes from the poller (events without a name), not netlink.</summary>
    public IReadOnlySet<string> PolledLinks { get; set; } = new HashSet<string>();

    /// <summary>
    /// A netlink up/down of a polled interface, which keepalived 2.2.7 ignores (keepalived_netlink.c returns before
    /// update_interface_flags); its deletion still counts, as keepalived's RTM_DELLINK.
    /// </summary>
    private bool IsPolledByLinkbeat(in DaemonEvent e) =>
        e.InterfaceName is not null && !e.LinkDeleted && PolledLinks.Contains(e.InterfaceName);

    /// <summary>Whether the interface at <paramref name="index"/> (an instance's own or a tracked one) is polled by linkbeat.</summary>
    private bool IsPolledByLinkbeat(int index) =>
        PolledLinks.Count > 0
        && ((TrackedInterfaces.TryGetValue(index, out string? tracked) && PolledLinks.Contains(tracked))
            || _bindings.Any(b => b.InterfaceIndex == index && PolledLinks.Contains(b.Info.Interface)));

    /// <summary>
    /// On the loop thread: the kernel said the link at <paramref name="interfaceIndex"/> was down or gone when it removed
    /// an entry on it (a route here, an address in <see cref="OnAddressEvent"/>), before its own link event reached the
    /// loop: that down is applied now, in the kernel's order, and the link event that follows changes nothing.
    /// </summary>
    public void OnLinkSeenDown(int interfaceIndex) => ApplyLinkSeenDown(interfaceIndex, Now);

    private void ApplyLinkSeenDown(int interfaceIndex, TimeSpan now)
    {
        if ((!_linkUp.TryGetValue(interfaceIndex, out bool up) || up) && !IsPolledByLinkbeat(interfaceIndex))
        {
            OnLinkEvent(interfaceIndex, up: false, now);
        }
    }

    /// <summary>The links' state when the daemon started (index → up). Set before the loop runs.</summary>
    public void SetInitialLinks(IEnumerable<KeyValuePair<int, bool>> links)
    {
        ArgumentNullException.ThrowIfNull(links);
        foreach ((int index, bool up) in links)
        {
            _linkUp[index] = up;
            if (up)
            {
                _seenUp.Add(index);
            }
        }
    }

    /// <summary>Before Startup: an instance whose own interface is down starts in FAULT, unless dont_track_primary; one with a configuration fault always.</summary>
    private void ApplyInitialLink(RouterBinding binding, TimeSpan now)
    {
        if (binding.ConfigFault is { } fault)
        {
            Step(binding, RouterInput.TrackerFault(fault), now);
        }

        if (binding.TrackPrimaryInterface && _linkUp.TryGetValue(binding.InterfaceIndex, out bool up) && !up)
        {
            Step(binding, RouterInput.InterfaceDown, now);
        }

        ApplyMissingInterface(binding, now); // VrrpEventLoop.Interfaces.cs
    }

    private void OnLinkEvent(int interfaceIndex, bool up, TimeSpan now)
    {
        if (LinkDelays.TryGetValue(interfaceIndex, out (TimeSpan Down, TimeSpan Up) delays))
        {
            if (_pendingLinks.TryGetValue(interfaceIndex, out (bool Up, TimeSpan At) pending))
            {
                if (pending.Up == up)
                {
                    return; // the same change is already waiting
                }

                _pendingLinks.Remove(interfaceIndex);
                Log.LinkChangeCancelled(_logger, interfaceIndex, up ? "up" : "down");
            }

            if (_linkUp.TryGetValue(interfaceIndex, out bool was) && was == up)
            {
                return;
            }

            TimeSpan delay = up ? delays.Up : delays.Down;
            if (delay > TimeSpan.Zero && _seenUp.Contains(interfaceIndex))
            {
                _pendingLinks[interfaceIndex] = (up, now + delay);
                Log.LinkChangeDelayed(_logger, interfaceIndex, up ? "up" : "down", delay.TotalMilliseconds);
                return;
            }
        }

        ApplyLink(interfaceIndex, up, now);
    }

    /// <summary>
    /// Called on the loop thread when an interface comes up (after its interface_up_down_delays), after the instances
    /// have seen it: the daemon re-adds the static entries on it, as keepalived's interface_up.
    /// </summary>
    public Action<int>? InterfaceCameUp { get; set; }

    private void ApplyLink(int interfaceIndex, bool up, TimeSpan now)
    {
        bool cameUp = up && !(_linkUp.TryGetValue(interfaceIndex, out bool was) && was);
        _linkUp[interfaceIndex] = up;
        if (up)
        {
            _seenUp.Add(interfaceIndex);
        }

        foreach (RouterBinding binding in _bindings)
        {
            if (binding.InterfaceIndex == interfaceIndex && binding.TrackPrimaryInterface)
            {
                Step(binding, up ? RouterInput.InterfaceUp : RouterInput.InterfaceDown, now);
            }
        }

        OnTrackedLink(interfaceIndex, up, now);
        if (cameUp)
        {
            InterfaceCameUp?.Invoke(interfaceIndex);
        }
    }

    private void ApplyDueLinks(TimeSpan now)
    {
        if (_pendingLinks.Count == 0)
        {
            return;
        }

        foreach ((int index, (bool up, TimeSpan at)) in _pendingLinks.ToArray())
        {
            if (at <= now)
            {
                _pendingLinks.Remove(index);
                ApplyLink(index, up, now);
            }
        }
    }

    private TimeSpan? NextLinkDeadline()
    {
        TimeSpan? next = null;
        foreach ((bool _, TimeSpan at) in _pendingLinks.Values)
        {
            if (next is null || at < next)
            {
                next = at;
            }
        }

        return next;
    }
}
