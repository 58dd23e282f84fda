namespace Vigil.Linux.Netlink;

/// <summary>A subscribed rtnetlink socket whose notifications are read as events of one kind (links, addresses, routes and rules).</summary>
public interface INetlinkMonitor<TEvent>
{
    WaitOutcome Wait(int timeoutMilliseconds);

    void Wake();

    int ReadEvents(ICollection<TEvent> events);
}
