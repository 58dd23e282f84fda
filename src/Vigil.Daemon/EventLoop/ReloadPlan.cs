namespace Vigil.Daemon.EventLoop;

/// <summary>
/// What a configuration reload changes, prepared off the loop and applied by
/// <see cref="VrrpEventLoop.ApplyReload"/> on the loop thread as one event, so no packet, deadline or
/// tracker result is handled against a half-applied configuration (reload during a failover is safe).
/// </summary>
/// <param name="Bindings">The complete new list, in configuration order: kept bindings (the same objects), updated and added ones.</param>
/// <param name="Removed">Instances that are gone or re-created: shut down first (a master sends priority 0 and releases its VIPs).</param>
/// <param name="Updated">Instances changed in place: the router (state, timers, VIPs held) stays, its binding is replaced.</param>
/// <param name="Added">New or re-created instances: started like at startup.</param>
/// <param name="RegisterPorts">Port registrations of the added routers, and the removed ones' unregistrations (the port tables are read by the loop thread only).</param>
public sealed record ReloadPlan(
    IReadOnlyList<RouterBinding> Bindings,
    IReadOnlyList<RouterBinding> Removed,
    IReadOnlyList<InPlaceUpdate> Updated,
    IReadOnlyList<RouterBinding> Added,
    Action RegisterPorts);

/// <summary>
/// One instance updated in place (priority, VIP list, trackers): <paramref name="New"/> wraps the same
/// router as <paramref name="Old"/>. <paramref name="SwapPorts"/> re-registers its ports and, when the
/// router is master (the argument), applies the VIP difference (and announces added VIPs).
/// </summary>
public sealed record InPlaceUpdate(RouterBinding Old, RouterBinding New, Action<bool> SwapPorts);
