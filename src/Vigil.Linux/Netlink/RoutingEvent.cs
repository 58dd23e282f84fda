namespace Vigil.Linux.Netlink;

/// <summary>
/// A route or rule marked RTPROT_KEEPALIVED that someone else deleted (RTM_DELROUTE / RTM_DELRULE), or
/// <see cref="Overrun"/> when the kernel dropped notifications. Exactly one of Route and Rule is set otherwise.
/// </summary>
public readonly record struct RoutingEvent(RouteRequest? Route, RuleRequest? Rule)
{
    public static RoutingEvent Overrun { get; } = default;

    public bool IsOverrun => Route is null && Rule is null;
}
