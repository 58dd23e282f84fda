namespace Vigil.Linux.Ipvs;

/// <summary>An IPVS service's or destination's traffic counters since it was added (what ipvsadm -Ln --stats shows).</summary>
public sealed record IpvsStats(ulong Connections, ulong InPackets, ulong OutPackets, ulong InBytes, ulong OutBytes);
