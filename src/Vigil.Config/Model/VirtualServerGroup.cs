using System.Net;

namespace Vigil.Config.Model;

/// <summary>
/// One service of a <c>virtual_server_group</c>: <c>IP PORT</c> (a range <c>A.B.C.D-E PORT</c> gives one per
/// address) or <c>fwmark N [inet|inet6]</c>. A <c>virtual_server group NAME</c> block is one IPVS service per
/// entry, each with the block's settings and real servers.
/// </summary>
public sealed record VirtualServerGroupEntry(IPAddress Address, ushort Port, uint FirewallMark);
