using System.Net;

namespace Vigil.Linux.Ipvs;

/// <summary>
/// One IPVS virtual service as the kernel keys it: protocol + address + port, or a firewall mark
/// (then <see cref="Address"/> is the family's any-address and <see cref="Port"/> 0).
/// </summary>
public sealed record IpvsService(IpvsProtocol Protocol, IPAddress Address, ushort Port, uint FirewallMark = 0)
{
    /// <summary>IP_VS_PENAME_MAXLEN: the kernel's policy takes a name of up to 16 characters (NUL not counted).</summary>
    public const int PersistenceEngineNameMax = 16;

    /// <summary>The scheduler module name (rr, wrr, lc, wlc, sh, mh, …).</summary>
    public string Scheduler { get; init; } = "wlc";

    public IpvsServiceFlags Flags { get; init; }

    /// <summary>Persistence timeout in seconds (with <see cref="IpvsServiceFlags.Persistent"/>).</summary>
    public uint Timeout { get; init; }

    /// <summary>Persistence granularity: an IPv4 netmask as a host-order u32, or an IPv6 prefix length.</summary>
    public uint Netmask { get; init; } = uint.MaxValue;

    /// <summary>
    /// The persistence engine (IPVS_SVC_ATTR_PE_NAME, the module ip_vs_pe_NAME: "sip" is the only one Linux ships);
    /// null for none. At most <see cref="PersistenceEngineNameMax"/> characters.
    /// </summary>
    public string? PersistenceEngine { get; init; }

    /// <summary>The kernel's traffic counters; read back from the kernel only (ignored when writing).</summary>
    public IpvsStats? Stats { get; init; }

    /// <summary>The key the kernel finds a service by (what DEL/SET and destination calls carry).</summary>
    public bool SameKey(IpvsService other) =>
        FirewallMark == other.FirewallMark && (FirewallMark != 0 || (Protocol == other.Protocol && Port == other.Port && Address.Equals(other.Address)))
        && Address.AddressFamily == other.Address.AddressFamily;

    public override string ToString() => FirewallMark != 0
        ? $"FWM {FirewallMark}"
        : $"{Protocol.ToString().ToUpperInvariant()} {(Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{Address}]" : Address.ToString())}:{Port}";
}

public enum IpvsProtocol : ushort
{
    None = 0,
    Tcp = 6,
    Udp = 17,
    Sctp = 132,
}

[Flags]
public enum IpvsServiceFlags : uint
{
    None = 0,
    Persistent = 0x1,
    Hashed = 0x2,
    OnePacket = 0x4,
    Scheduler1 = 0x8,
    Scheduler2 = 0x10,
    Scheduler3 = 0x20,
}
