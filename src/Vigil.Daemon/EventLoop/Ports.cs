namespace Vigil.Daemon.EventLoop;

/// <summary>Sends one advertisement for a router (encoding through the codec, then the VRRP socket).</summary>
public interface IAdvertisementSender
{
    void Send(RouterBinding binding, int priority);
}

/// <summary>Adds or removes a router's virtual addresses (rtnetlink in production).</summary>
public interface IVirtualAddressManager
{
    void Add(RouterBinding binding);

    void Remove(RouterBinding binding);
}

/// <summary>Announces a router's virtual addresses with gratuitous ARP / unsolicited NA.</summary>
public interface IAddressAnnouncer
{
    void Announce(RouterBinding binding, int count);

    /// <summary>garp_extra_if: one gratuitous ARP / unsolicited NA on each of the router's extra interfaces.</summary>
    void AnnounceExtraInterfaces(RouterBinding binding);

    /// <summary>The router left MASTER: drop its announcements queued for pacing and not sent yet.</summary>
    void Withdraw(RouterBinding binding);
}

/// <summary>
/// Arranges for a <see cref="DaemonEventKind.DeadlineReached"/> event at a loop time (null: none
/// needed). Production: a timerfd waiter thread; tests: a recorder driven by a fake clock.
/// </summary>
public interface IDeadlineScheduler
{
    void Schedule(TimeSpan? deadline);
}
