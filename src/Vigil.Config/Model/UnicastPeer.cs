using System.Net;

namespace Vigil.Config.Model;

/// <summary>
/// <c>unicast_peer { IP [min_ttl N] [max_ttl N] }</c>. Setting either TTL bound also turns on the
/// source check for this instance (keepalived 2.2.7 man page, unicast_peer).
/// </summary>
public sealed record UnicastPeer(IPAddress Address, int? MinTtl, int? MaxTtl, SourceRef Location);
