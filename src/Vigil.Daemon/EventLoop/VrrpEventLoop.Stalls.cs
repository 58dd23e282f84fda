using Microsoft.Extensions.Logging;
using Vigil.Core.StateMachine;

namespace Vigil.Daemon.EventLoop;

/// <summary>
/// Stall-aware Master_Down. After a whole-VM or process stall the deadline thread and the socket readers
/// wake together; if the deadline is handled first, a backup whose master advertised all along (the adverts
/// wait unread in the socket) takes over falsely. So when a deadline is handled later than half the shortest
/// advert interval, an expired backup Master_Down is not acted on at once: it waits a short grace, during
/// which the readers hand over what arrived in the stall (each advert restarts the timer as usual); if none
/// arrives the backup takes over when the grace ends. Masters are not held back (their adverts are due).
/// </summary>
public sealed partial class VrrpEventLoop
{
    /// <summary>The longest a takeover after a stall waits for adverts read late.</summary>
    public static readonly TimeSpan MaxStallGrace = TimeSpan.FromMilliseconds(2);

    private TimeSpan? _scheduledFor;    // when the deadline now pending was due (never before it was asked for)
    private TimeSpan? _stallGraceUntil; // while set, expired backups wait for late-read adverts

    /// <summary>Late wake-ups that held back a backup's takeover, for the status and tests.</summary>
    public long StallGraces { get; private set; }

    private void OnDeadline(TimeSpan now)
    {
        TimeSpan shortest = TimeSpan.MaxValue;
        bool backupExpired = false;
        foreach (RouterBinding binding in _bindings)
        {
            shortest = binding.Router.Options.AdvertInterval < shortest ? binding.Router.Options.AdvertInterval : shortest;
            backupExpired |= binding.Router.State == RouterState.Backup && binding.Router.NextDeadline is TimeSpan due && due <= now;
        }

        TimeSpan lateness = _scheduledFor is TimeSpan asked ? now - asked : TimeSpan.Zero;
        if (backupExpired && _stallGraceUntil is null && lateness > shortest / 2)
        {
            _stallGraceUntil = now + (shortest / 4 < MaxStallGrace ? shortest / 4 : MaxStallGrace);
            StallGraces++;
            Log.StallGrace(_logger, lateness.TotalMilliseconds, (_stallGraceUntil.Value - now).TotalMilliseconds);
        }

        bool holding = _stallGraceUntil is TimeSpan until && now < until;
        if (!holding)
        {
            _stallGraceUntil = null;
        }

        // The clock is read again once steps have taken time: a deadline that fell due meanwhile is served in this pass,
        // not after the events queued behind this one (1,000 instances on four interfaces expire within a millisecond,
        // their takeovers take tens, and each takeover's own address events queue up). keepalived likewise reads its
        // clock afresh for each socket's expired timers (vrrp_dispatcher_read_timeout).
        bool stepped = false;
        foreach (RouterBinding binding in _bindings)
        {
            if (binding.Router.NextDeadline is not TimeSpan due || (holding && binding.Router.State == RouterState.Backup))
            {
                continue;
            }

            if (due > now && stepped)
            {
                now = Now;
                stepped = false;
            }

            if (due <= now)
            {
                Step(binding, RouterInput.DeadlineReached, now);
                stepped = true;
            }
        }
    }

    /// <summary>A router's deadline as the scheduler should see it: a held-back backup's is the grace's end.</summary>
    private TimeSpan? EffectiveDeadline(RouterBinding binding)
    {
        TimeSpan? due = binding.Router.NextDeadline;
        return _stallGraceUntil is TimeSpan until && due < until && binding.Router.State == RouterState.Backup ? until : due;
    }

    private void Scheduled(TimeSpan? deadline, TimeSpan now) => _scheduledFor = deadline is TimeSpan due ? (due > now ? due : now) : null;

    private static partial class Log
    {
        [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "deadline handled {LatenessMs:F1} ms late (a stall): expired Master_Down timers wait {GraceMs:F1} ms for adverts that arrived meanwhile")]
        public static partial void StallGrace(ILogger logger, double latenessMs, double graceMs);
    }
}
