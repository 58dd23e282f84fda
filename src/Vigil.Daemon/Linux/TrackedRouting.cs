using System.Net.Sockets;
using Vigil.Config.Model;
using Vigil.Linux.Netlink;

namespace Vigil.Daemon.Linux;

/// <summary>A watched route: what Vigil installs, its dev, the instance that owns it (null: a static route) and its file:line.</summary>
public sealed record TrackedRoute(RouteRequest Route, string? Device, string? Owner, string Location)
{
    /// <summary>
    /// Whether its device still has the index the route was built with: when it is gone, the kernel dropped the route
    /// with it and there is nothing to put back or step down for (a re-created one is described again when attached).
    /// </summary>
    public bool OnItsDevice(Func<string, int> interfaceIndex) => Device is null || interfaceIndex(Device) == Route.OutputInterface;
}

/// <summary>A watched rule: what Vigil installs, the instance that owns it (null: a static rule) and its file:line.</summary>
public sealed record TrackedRule(RuleRequest Rule, string? Owner, string Location);

/// <summary>
/// The routes and rules Vigil watches: every static and virtual one without no_track, as keepalived 2.2.7 tracks them.
/// Built once per configuration (start, reload, an interface attached), so that the deletion monitor, the static
/// reinstate when an interface comes up and the re-read after a monitor overrun all work from the same set.
/// </summary>
public sealed class TrackedRouting
{
    public static TrackedRouting Empty { get; } = new([], []);

    private TrackedRouting(IReadOnlyList<TrackedRoute> routes, IReadOnlyList<TrackedRule> rules)
    {
        Routes = routes;
        Rules = rules;
    }

    public IReadOnlyList<TrackedRoute> Routes { get; }

    public IReadOnlyList<TrackedRule> Rules { get; }

    /// <summary>The entries (with their owner: null for static) that are watched: those without no_track.</summary>
    public static TrackedRouting From(
        IEnumerable<(RouteEntry Entry, RouteRequest Route, string? Owner)> routes,
        IEnumerable<(RuleEntry Entry, RuleRequest Rule, string? Owner)> rules) => new(
            [.. routes.Where(r => !r.Entry.NoTrack).Select(r => new TrackedRoute(r.Route, r.Entry.Device, r.Owner, r.Entry.Location.ToString()))],
            [.. rules.Where(r => !r.Entry.NoTrack).Select(r => new TrackedRule(r.Rule, r.Owner, r.Entry.Location.ToString()))]);

    /// <summary>Whether a route (rules: false) of <paramref name="family"/> is watched: the monitor subscribes only to those groups.</summary>
    public bool Watches(bool routes, AddressFamily family) =>
        routes ? Routes.Any(r => r.Route.Family == family) : Rules.Any(r => r.Rule.Family == family);

    /// <summary>The watched route the kernel reports deleted, if any.</summary>
    public TrackedRoute? Find(RouteRequest deleted) => Routes.FirstOrDefault(r => DeletedRouting.Matches(r.Route, deleted));

    /// <summary>The watched rule the kernel reports deleted, if any.</summary>
    public TrackedRule? Find(RuleRequest deleted) => Rules.FirstOrDefault(r => DeletedRouting.Matches(r.Rule, deleted));

    /// <summary>The static routes through <paramref name="interfaceIndex"/>, put back when it comes up.</summary>
    public IEnumerable<TrackedRoute> StaticRoutesOn(int interfaceIndex) =>
        Routes.Where(r => r.Owner is null && r.Route.OutputInterface == interfaceIndex);

    /// <summary>
    /// After a monitor overrun: the watched entries that should be in the kernel (static ones always, an instance's
    /// while <paramref name="installed"/> says it holds them, i.e. MASTER; a route only while its device is there) but are
    /// not in the re-read tables; each is then handled as if its deletion had been seen.
    /// </summary>
    public (IReadOnlyList<TrackedRoute> Routes, IReadOnlyList<TrackedRule> Rules) Missing(
        IReadOnlyList<RouteRequest> routes, IReadOnlyList<RuleRequest> rules, Func<string, bool> installed, Func<string, int> interfaceIndex)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(installed);
        return (
            [.. Routes.Where(t => (t.Owner is null || installed(t.Owner)) && t.OnItsDevice(interfaceIndex) && !routes.Any(r => DeletedRouting.Matches(t.Route, r)))],
            [.. Rules.Where(t => (t.Owner is null || installed(t.Owner)) && !rules.Any(r => DeletedRouting.Matches(t.Rule, r)))]);
    }
}
