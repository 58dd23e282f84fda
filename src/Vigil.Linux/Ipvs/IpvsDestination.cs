using System.Net;

namespace Vigil.Linux.Ipvs;

/// <summary>One real server of a service: where packets go, how (<see cref="Method"/>) and how much (<see cref="Weight"/>).</summary>
public sealed record IpvsDestination(IPAddress Address, ushort Port)
{
    public IpvsForwardMethod Method { get; init; } = IpvsForwardMethod.Masquerade;

    public int Weight { get; init; } = 1;

    public uint UpperThreshold { get; init; }

    public uint LowerThreshold { get; init; }

    /// <summary>Read back from the kernel only (ignored when writing).</summary>
    public uint ActiveConnections { get; init; }

    public uint InactiveConnections { get; init; }

    /// <summary>The kernel's traffic counters; read back from the kernel only (ignored when writing).</summary>
    public IpvsStats? Stats { get; init; }

    public bool SameKey(IpvsDestination other) => Port == other.Port && Address.Equals(other.Address);

    public override string ToString() => Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{Address}]:{Port}" : $"{Address}:{Port}";
}

/// <summary>IP_VS_CONN_F_* forwarding methods (ipvsadm: -m Masq, -i Tunnel, -g Route).</summary>
public enum IpvsForwardMethod : uint
{
    Masquerade = 0,
    Local = 1,
    Tunnel = 2,
    DirectRoute = 3,
}
