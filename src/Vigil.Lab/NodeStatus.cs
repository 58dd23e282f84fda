namespace Vigil.Lab;

/// <summary>One load balancer as the lab sees it: the daemon's state and effective priority (from its log), VIP, nginx, link.</summary>
public sealed record NodeStatus(string Name, string State, int? Priority, bool HoldsVip, string Proxy, bool LinkUp);
