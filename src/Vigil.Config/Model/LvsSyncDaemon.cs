using System.Net;

namespace Vigil.Config.Model;

/// <summary>
/// <c>lvs_sync_daemon IF [inst] VRRP_INSTANCE [id N] [maxlen N] [port N] [ttl N] [group ADDR]</c> (global_defs): the
/// kernel's IPVS connection sync daemon on IF. With an instance it follows that instance (master daemon while it is
/// MASTER, backup daemon otherwise); without one both run for the daemon's life, as keepalived 2.2.7 does.
/// Null fields take the kernel's (or, for the id, keepalived's) default.
/// </summary>
public sealed record LvsSyncDaemon(string Interface, string? Instance, SourceRef Location)
{
    /// <summary>The sync id; keepalived's default is the instance's virtual_router_id (0 without an instance).</summary>
    public int? SyncId { get; init; }

    public int? MaxLength { get; init; }

    public int? Port { get; init; }

    public int? Ttl { get; init; }

    /// <summary>A multicast group (keepalived ignores, with an error, one that is not multicast).</summary>
    public IPAddress? Group { get; init; }
}
