using Vigil.Config.Model;
using Vigil.Linux.Netlink;

namespace Vigil.Daemon.Linux;

/// <summary>
/// static_ipaddress / static_routes / static_rules, each with what it became for the kernel; no_track and the file:line
/// come from the entry. An address without 'dev' is on <paramref name="DefaultInterface"/> (default_interface).
/// </summary>
public sealed record StaticEntries(
    IReadOnlyList<(AddressEntry Entry, InterfaceAddress Address)> Addresses,
    IReadOnlyList<(RouteEntry Entry, RouteRequest Route)> Routes,
    IReadOnlyList<RuleRequest> Rules,
    string DefaultInterface)
{
    public static StaticEntries Empty { get; } = new([], [], [], "");

    /// <summary>The addresses put back when deleted or when their interface comes up: those without no_track.</summary>
    public IEnumerable<(AddressEntry Entry, InterfaceAddress Address)> Reinstated => Addresses.Where(a => !a.Entry.NoTrack);

    public IReadOnlyList<RouteRequest> RouteRequests => [.. Routes.Select(r => r.Route)];

    /// <summary>
    /// The entries whose interface is now the one at <paramref name="index"/> under another index (it was deleted and
    /// created again under the same name) moved onto it; this same instance when none moved. keepalived 2.2.7's entries
    /// point at the interface by name, so they follow a re-created one; rules name theirs (iif/oif) and need no move.
    /// </summary>
    /// <param name="interfaceIndex">The index a name has now (0: no such interface).</param>
    public StaticEntries MovedTo(int index, Func<string, int> interfaceIndex)
    {
        ArgumentNullException.ThrowIfNull(interfaceIndex);
        if (index <= 0)
        {
            return this;
        }

        HashSet<string> moved = [.. Addresses.Where(a => a.Address.InterfaceIndex != index).Select(a => a.Entry.Device ?? DefaultInterface)
            .Concat(Routes.Where(r => r.Route.OutputInterface != index && r.Entry.Device is not null).Select(r => r.Entry.Device!))
            .Distinct(StringComparer.Ordinal)
            .Where(name => interfaceIndex(name) == index)];
        if (moved.Count == 0)
        {
            return this;
        }

        return this with
        {
            Addresses = [.. Addresses.Select(a => moved.Contains(a.Entry.Device ?? DefaultInterface) ? (a.Entry, a.Address with { InterfaceIndex = index }) : a)],
            Routes = [.. Routes.Select(r => r.Entry.Device is { } device && moved.Contains(device) ? (r.Entry, r.Route with { OutputInterface = index }) : r)],
        };
    }
}
