using System.Buffers;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Vigil.Core.Protocol;
using Vigil.Core.StateMachine;

namespace Vigil.Daemon.EventLoop;

/// <summary>
/// The one owner of protocol state (style-anchors §3.6): socket readers, the deadline timer and
/// the link monitor only post <see cref="DaemonEvent"/>s; this loop steps the pure
/// <see cref="VirtualRouter"/>s and carries out the actions they return through narrow ports.
/// No locks: nothing else touches the routers. Time comes from the injected
/// <see cref="TimeProvider"/>'s monotonic timestamp, so tests drive it with a fake clock.
/// </summary>
public sealed partial class VrrpEventLoop
{
    private RouterBinding[] _bindings; // replaced as a whole by a reload (VrrpEventLoop.Reload.cs); an array: foreach allocates no enumerator (per deadline)
    private readonly Dictionary<VirtualRouter, RouterBinding> _byRouter = new(ReferenceEqualityComparer.Instance);
    private readonly IAdvertisementSender _sender;
    private readonly IVirtualAddressManager _addresses;
    private readonly IAddressAnnouncer _announcer;
    private readonly IDeadlineScheduler _scheduler;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly List<RouterAction> _actions = new(16);
    private readonly long _startTimestamp;

    public VrrpEventLoop(
        IReadOnlyList<RouterBinding> bindings,
        IAdvertisementSender sender,
        IVirtualAddressManager addresses,
        IAddressAnnouncer announcer,
        IDeadlineScheduler scheduler,
        TimeProvider clock,
        ILogger logger)
    {
        _bindings = [.. bindings];
        _sender = sender;
        _addresses = addresses;
        _announcer = announcer;
        _scheduler = scheduler;
        _clock = clock;
        _logger = logger;
        _startTimestamp = clock.GetTimestamp();
        foreach (RouterBinding binding in bindings)
        {
            _byRouter.Add(binding.Router, binding);
            if (binding.ListeningSinceTimestamp is long since && since < _startTimestamp)
            {
                _startTimestamp = since; // loop time starts at the first socket that listened: no negative times
            }
        }
    }

    /// <summary>Monotonic loop time: elapsed since construction, or since the earliest binding's <see cref="RouterBinding.ListeningSinceTimestamp"/>.</summary>
    public TimeSpan Now => _clock.GetElapsedTime(_startTimestamp);

    /// <summary>Starts every router, then handles events until <see cref="DaemonEventKind.Stop"/> or the channel completes.</summary>
    public async Task RunAsync(ChannelReader<DaemonEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        Start();
        try
        {
            while (await events.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (events.TryRead(out DaemonEvent e))
                {
                    if (e.Kind == DaemonEventKind.Stop)
                    {
                        return;
                    }

                    Handle(e);
                }
            }
        }
        finally
        {
            DrainPackets(events);
            Stop();
        }
    }

    /// <summary>Steps every router with its trackers' initial faults, then Startup (RunAsync does this first); see VrrpEventLoop.Tracking.cs.</summary>
    public void Start() => StartRouters();

    /// <summary>
    /// Steps every router with Shutdown and cancels the deadline (RunAsync does this last). As in FRR
    /// vrrp_shutdown and keepalived, a master says goodbye with priority 0 and releases its addresses.
    /// </summary>
    public void Stop()
    {
        StepAll(RouterInput.Shutdown);
        _scheduler.Schedule(null);
    }

    /// <summary>Handles one event at the current loop time (the loop body; tests call it directly too).</summary>
    public void Handle(in DaemonEvent e)
    {
        TimeSpan now = Now;
        switch (e.Kind)
        {
            case DaemonEventKind.PacketReceived:
                try
                {
                    OnPacket(e.Packet, now);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(e.Packet.Buffer);
                }

                break;
            case DaemonEventKind.DeadlineReached:
                ApplyDueLinks(now);
                OnDeadline(now);
                break;
            case DaemonEventKind.LinkChanged:
                OnLinkPresence(e, now); // dynamic_interfaces: VrrpEventLoop.Interfaces.cs
                if (!IsPolledByLinkbeat(e))
                {
                    OnLinkEvent(e.InterfaceIndex, e.LinkUp, now); // VrrpEventLoop.Links.cs
                }

                break;
            case DaemonEventKind.AddressChanged:
                OnAddressEvent(e.InterfaceIndex, e.Address!, e.LinkUp, e.Ours, e.LinkWentDown, now); // VrrpEventLoop.Addresses.cs
                break;
            case DaemonEventKind.AddressesDumped:
                OnAddressDump(e.Addresses!, now);
                break;
            case DaemonEventKind.TrackerChanged:
                OnTrackerChanged(e.Tracker, e.Reading, now);
                break;
            case DaemonEventKind.SnapshotRequested:
                AnswerSnapshot(e.Reply);
                break;
            case DaemonEventKind.Invoke:
                e.Work?.Invoke();
                break;
        }

        ScheduleNextDeadline();
    }

    private void OnPacket(in ReceivedPacket packet, TimeSpan now)
    {
        ReadOnlySpan<byte> message = packet.Message;
        RouterBinding? known = null; // a binding on the packet's interface whose VRID it carries
        RouterBinding? local = null; // any binding on the packet's interface (names it for log_unknown_vrids)
        foreach (RouterBinding binding in _bindings)
        {
            if (binding.ReceiveInterfaceIndex != packet.InterfaceIndex || binding.Family != packet.Envelope.Family)
            {
                continue;
            }

            local = binding;
            DropReason reason = AdvertisementValidator.Validate(
                message, packet.Envelope, binding.Expectation, binding.Router.KnownMaster, out Advertisement advert, out ReceiveNotes notes);
            if (reason == DropReason.UnknownVrid)
            {
                continue; // another instance's VRID on the same interface: silent unless no instance has it (below)
            }

            known = binding;

            if (packet.Envelope.Source.Equals(binding.Router.Options.PrimaryAddress))
            {
                binding.Counters.RecordOwnAdvert(); // our own advert looped back (or an address conflict): never an election input
                continue;
            }

            if (reason != DropReason.None)
            {
                binding.Counters.Record(reason);
                WarnDropped(binding, packet.Envelope.Source, reason, now);
                continue;
            }

            binding.Counters.RecordAccepted(advert, notes);
            WarnAccepted(binding, advert, notes, packet.Envelope.Source, now);
            binding.Statistics.RecordAdvertReceived(advert.Priority, now);
            NoteAdvertPriority(binding, advert.Priority);
            Step(binding, RouterInput.Advertisement(advert.Priority, advert.AdverIntervalCentiseconds, packet.Envelope.Source), now);
        }

        if (known is null && local is not null && LogUnknownVrids)
        {
            NoteUnknownVrid(local, message, packet.Envelope.Source, now); // VrrpEventLoop.Warnings.cs
        }
    }

    private void StepAll(in RouterInput input)
    {
        TimeSpan now = Now;
        foreach (RouterBinding binding in _bindings)
        {
            Step(binding, input, now);
        }

        ScheduleNextDeadline();
    }

    private void Step(RouterBinding binding, in RouterInput input, TimeSpan now)
    {
        _actions.Clear();
        binding.Router.Step(input, now, _actions);
        // Sync groups: one router's step may return actions for its group's other members.
        foreach (RouterAction action in _actions)
        {
            Execute(action);
        }
    }

    private void Execute(in RouterAction action)
    {
        if (!_byRouter.TryGetValue(action.Router, out RouterBinding? binding))
        {
            return;
        }

        try
        {
            switch (action.Kind)
            {
                case RouterActionKind.SendAdvertisement:
                    _sender.Send(binding, action.Priority);
                    RecordForStatus(binding, action);
                    break;
                case RouterActionKind.AddVirtualAddresses:
                    _addresses.Add(binding);
                    break;
                case RouterActionKind.RemoveVirtualAddresses:
                    _announcer.Withdraw(binding); // keepalived's vrrp_restore_interface: vrrp_remove_delayed_arp
                    _addresses.Remove(binding);
                    break;
                case RouterActionKind.SendGratuitousArpBurst:
                    _announcer.Announce(binding, action.Count);
                    break;
                case RouterActionKind.SendExtraInterfaceGratuitousArp:
                    _announcer.AnnounceExtraInterfaces(binding);
                    break;
                case RouterActionKind.StateChanged:
                    Log.StateChanged(_logger, binding.Router.Name, action.From, action.To, action.Reason);
                    RecordForStatus(binding, action);
                    break;
                case RouterActionKind.RunNotify:
                    OnRunNotify(binding, action.To);
                    break;
                case RouterActionKind.OwnerConflict:
                    Log.OwnerConflict(_logger, binding.Router.Name);
                    break;
            }
        }
        catch (Vigil.Linux.SyscallException e) when (action.Kind == RouterActionKind.SendAdvertisement && action.Priority == 0 && e.Errno is ENETUNREACH or EADDRNOTAVAIL)
        {
            // A master's goodbye whose source went together with the VIP it lost (deleting a subnet's primary deletes
            // its secondaries too): nothing to send from, and the source review that follows handles the address.
            Log.GoodbyeUnsent(_logger, binding.Router.Name, binding.Info.Interface, e.Errno);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A failed send or netlink call must not stop the loop: the next advert or deadline retries.
            WarnActionFailed(binding, action.Kind, e);
        }
    }

    private const int ENETUNREACH = 101, EADDRNOTAVAIL = 99;

    private void ScheduleNextDeadline()
    {
        TimeSpan? next = NextLinkDeadline();
        foreach (RouterBinding binding in _bindings)
        {
            if (EffectiveDeadline(binding) is TimeSpan due && (next is null || due < next))
            {
                next = due;
            }
        }

        Scheduled(next, Now);
        _scheduler.Schedule(next);
    }

    private static void DrainPackets(ChannelReader<DaemonEvent> events)
    {
        while (events.TryRead(out DaemonEvent e))
        {
            if (e.Kind == DaemonEventKind.PacketReceived)
            {
                ArrayPool<byte>.Shared.Return(e.Packet.Buffer);
            }

            e.Reply?.TrySetCanceled(); // a status request that came in after the stop

        }
    }
}
