using Vigil.Core.Protocol;
using Vigil.Core.StateMachine;
using Vigil.Linux;

namespace Vigil.Daemon.EventLoop;

/// <summary>
/// What an operator must see about the peers and the wire, without flooding the log: every drop reason,
/// peer mismatches (authentication, interval, VIP list), an owner taking over and failing sends are
/// logged at warning level, one line per kind per instance per minute, with the count held back.
/// </summary>
public sealed partial class VrrpEventLoop
{
    private const int ActionFailedKind = 1000; // + RouterActionKind
    private const int AddressListDiffersKind = 2000;
    private const int IntervalAdoptedKind = 2001;
    private const int OwnerTakeoverKind = 2002;
    private const int UnknownVridKind = 3000; // + VRID, keyed by interface name
    private readonly LogThrottle _throttle = new(TimeSpan.FromSeconds(60));

    private double WindowSeconds => _throttle.Window.TotalSeconds;

    /// <summary>
    /// global_defs <c>log_unknown_vrids</c>: keepalived 2.2.7 (vrrp_scheduler.c) logs, at info level, every advert
    /// whose VRID no instance on its interface has. Here at most one line per interface and VRID per minute, with
    /// the count held back: a neighbour's virtual router sends one advert a second (or ten, or a hundred), and a
    /// line for each would drown the log. Off by default; the caller checks the flag first.
    /// </summary>
    public bool LogUnknownVrids { get; set; }

    private void NoteUnknownVrid(RouterBinding onInterface, ReadOnlySpan<byte> message, NetAddress from, TimeSpan now)
    {
        if (message.Length < 2)
        {
            return; // too short to carry a VRID: counted as a length error by the instances
        }

        int vrid = message[1];
        string name = onInterface.Info.Interface;
        if (_throttle.TryAcquire(name, UnknownVridKind + vrid, now, out long suppressed))
        {
            Log.UnknownVrid(_logger, vrid, name, from, suppressed, WindowSeconds);
        }
    }

    private void WarnDropped(RouterBinding binding, NetAddress from, DropReason reason, TimeSpan now)
    {
        if (_throttle.TryAcquire(binding.Router.Name, (int)reason, now, out long suppressed))
        {
            Log.AdvertDropped(_logger, binding.Router.Name, from, reason, Hint(reason), suppressed, WindowSeconds);
        }
    }

    private void WarnAccepted(RouterBinding binding, in Advertisement advert, ReceiveNotes notes, NetAddress from, TimeSpan now)
    {
        string name = binding.Router.Name;
        long suppressed;
        if ((notes & ReceiveNotes.AddressListDiffers) != 0 && _throttle.TryAcquire(name, AddressListDiffersKind, now, out suppressed))
        {
            Log.AddressListDiffers(_logger, name, from, suppressed, WindowSeconds);
        }

        if ((notes & ReceiveNotes.AdverIntervalDiffers) != 0 && _throttle.TryAcquire(name, IntervalAdoptedKind, now, out suppressed))
        {
            Log.AdvertIntervalAdopted(_logger, name, from, advert.AdverIntervalCentiseconds * 10, binding.Router.Options.AdvertInterval.TotalMilliseconds, suppressed, WindowSeconds);
        }

        if (advert.Priority == 255 && binding.Router.State == RouterState.Master && binding.Router.EffectivePriority < 255)
        {
            bool peer = binding.Expectation.Unicast && binding.Expectation.UnicastPeers.Span.IndexOf(from) >= 0;
            if (!peer && _throttle.TryAcquire(name, OwnerTakeoverKind, now, out suppressed))
            {
                Log.OwnerTakeover(_logger, name, from, binding.Expectation.Unicast ? ", which is not one of its unicast_peer addresses," : string.Empty, suppressed, WindowSeconds);
            }
        }
    }

    private void WarnActionFailed(RouterBinding binding, RouterActionKind action, Exception e)
    {
        if (!_throttle.TryAcquire(binding.Router.Name, ActionFailedKind + (int)action, Now, out long suppressed))
        {
            return;
        }

        if (e is SyscallException or System.Net.Sockets.SocketException or IOException)
        {
            // An OS refusal (e.g. "Network is unreachable" after the source address went away): one clear line, no stack.
            Log.SyscallFailed(_logger, binding.Router.Name, action, binding.Info.Interface, e.Message, suppressed, WindowSeconds);
        }
        else
        {
            Log.ActionFailed(_logger, e, binding.Router.Name, action, suppressed, WindowSeconds);
        }
    }

    private static string Hint(DropReason reason) => reason switch
    {
        DropReason.AuthFailure or DropReason.AuthTypeMismatch or DropReason.InvalidAuthType or DropReason.UnsupportedAuthentication =>
            "authentication differs from the sender's: both may be master (split brain) until auth_type and auth_pass match on every node",
        DropReason.AdvertIntervalMismatch or DropReason.MaxAdverIntervalZero => "advert_int differs from the sender's: make it the same on every node",
        DropReason.AddressListMismatch or DropReason.AddressCountZero => "virtual_ipaddress differs from the sender's: make it the same on every node",
        DropReason.VersionMismatch => "VRRP version differs from the sender's: make 'version' the same on every node",
        DropReason.TtlError => "TTL/hop limit is not 255: forwarded by a router or forged",
        DropReason.UnicastSourceNotPeer => "the source is not one of unicast_peer",
        DropReason.DestinationMismatch => "sent to another group or address than this instance uses",
        _ => "malformed or not a VRRP advert for this instance",
    };
}
