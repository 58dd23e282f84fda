using Vigil.Core.Notify;
using Vigil.Daemon.EventLoop;

namespace Vigil.Daemon.Tests;

/// <summary>Hand-written fake for every loop port: records what the loop asked for, in order.</summary>
internal sealed class RecordingPorts : IAdvertisementSender, IVirtualAddressManager, IAddressAnnouncer, IDeadlineScheduler, INotifier
{
    public List<string> Calls { get; } = [];

    public TimeSpan? Deadline { get; private set; }

    /// <summary>When set, the next port call throws it (a failing syscall).</summary>
    public Exception? FailNext { get; set; }

    /// <summary>The source address (the router's primary address) of every advert sent, in order.</summary>
    public List<string> SentFrom { get; } = [];

    public void Send(RouterBinding binding, int priority)
    {
        Record($"send {binding.Router.Name} priority {priority}");
        SentFrom.Add(binding.Router.Options.PrimaryAddress.ToString());
    }

    /// <summary>When set, runs as the loop adds a router's VIPs (e.g. advances a fake clock: a slow takeover).</summary>
    public Action? Adding { get; set; }

    public void Add(RouterBinding binding)
    {
        Adding?.Invoke();
        Record($"add {binding.Router.Name}");
    }

    public void Remove(RouterBinding binding) => Record($"remove {binding.Router.Name}");

    public void Announce(RouterBinding binding, int count) => Record($"announce {binding.Router.Name} x{count}");

    public void AnnounceExtraInterfaces(RouterBinding binding) => Record($"announce extra {binding.Router.Name}");

    public void Withdraw(RouterBinding binding)
    {
        // Not recorded: it always comes with the address removal the tests already see.
    }

    public void Schedule(TimeSpan? deadline) => Deadline = deadline;

    public void Notify(in NotifyEvent notification) => Record($"notify {NotifyFormat.FifoLine(notification).TrimEnd()}");

    private void Record(string call)
    {
        if (FailNext is Exception failure)
        {
            FailNext = null;
            throw failure;
        }

        Calls.Add(call);
    }
}
