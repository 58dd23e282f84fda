using System.Net;
using System.Net.Sockets;
using Vigil.Linux.Netlink;

namespace Vigil.Daemon.Linux;

/// <summary>
/// Whether a route or rule the kernel reports deleted is one configured, compared on what identifies it in the
/// kernel, as keepalived 2.2.7's route_is_ours / compare_rule do (table, family, destination, metric, device;
/// rule priority, selectors and table).
/// </summary>
public static class DeletedRouting
{
    /// <summary>The metric the kernel gives an IPv6 route written without one (IP6_RT_PRIO_USER).</summary>
    private const uint DefaultIPv6Metric = 1024;

    public static bool Matches(RouteRequest configured, RouteRequest deleted)
    {
        ArgumentNullException.ThrowIfNull(configured);
        ArgumentNullException.ThrowIfNull(deleted);
        uint metric = configured.Metric ?? (configured.Family == AddressFamily.InterNetworkV6 ? DefaultIPv6Metric : 0);
        return configured.Family == deleted.Family
            && configured.Table == deleted.Table
            && (configured.Destination is null ? 0 : configured.PrefixLength) == deleted.PrefixLength
            && SameAddress(configured.Destination, deleted.Destination)
            && metric == (deleted.Metric ?? 0)
            && (configured.OutputInterface == 0 || configured.OutputInterface == deleted.OutputInterface);
    }

    public static bool Matches(RuleRequest configured, RuleRequest deleted)
    {
        ArgumentNullException.ThrowIfNull(configured);
        ArgumentNullException.ThrowIfNull(deleted);
        return configured.Family == deleted.Family
            && configured.Priority == deleted.Priority
            && configured.Table == deleted.Table
            && SameAddress(configured.From, deleted.From) && (configured.From is null || configured.FromPrefixLength == deleted.FromPrefixLength)
            && SameAddress(configured.To, deleted.To) && (configured.To is null || configured.ToPrefixLength == deleted.ToPrefixLength)
            && (configured.Fwmark ?? 0) == (deleted.Fwmark ?? 0)
            && (configured.FwmarkMask ?? (configured.Fwmark is null ? 0 : uint.MaxValue)) == (deleted.FwmarkMask ?? 0) // the kernel's default mask
            && configured.InputInterface == deleted.InputInterface
            && configured.OutputInterface == deleted.OutputInterface;
    }

    private static bool SameAddress(IPAddress? configured, IPAddress? deleted) =>
        configured is null ? deleted is null || IsAny(deleted) : configured.Equals(deleted);

    private static bool IsAny(IPAddress address) => address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any);
}
