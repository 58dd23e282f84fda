namespace Vigil.Daemon.Status;

/// <summary>One virtual server as the checkers see it: the IPVS service, quorum and each real server's state.</summary>
public sealed record VirtualServerStatus
{
    /// <summary>The IPVS service key as ipvsadm shows it ("TCP 203.0.113.10:80", "FWM 7").</summary>
    public required string Service { get; init; }

    public required string Scheduler { get; init; }

    /// <summary>NAT, DR or TUN.</summary>
    public required string Method { get; init; }

    public bool QuorumUp { get; init; }

    /// <summary>Why the kernel refused the service (it is not in the IPVS table; its checkers run, their verdicts change nothing), or null when it is installed.</summary>
    public string? NotInstalled { get; init; }

    /// <summary>The sorry server when it is in the table (quorum lost), else null.</summary>
    public string? SorryServerActive { get; init; }

    public IReadOnlyList<RealServerStatus> RealServers { get; init; } = [];

    /// <summary>The service address as the keepalived exporters label it ("203.0.113.10:80", IPv6 without brackets; the any-address with port 0 for fwmark).</summary>
    public string Vip { get; init; } = "";

    /// <summary>The IP protocol number (6 TCP, 17 UDP, 132 SCTP; 0 for fwmark), the exporters' <c>proto</c> label.</summary>
    public int Protocol { get; init; }

    public int Quorum { get; init; }

    public int Hysteresis { get; init; }

    /// <summary>The summed weight of the real servers that are up.</summary>
    public int LiveWeight { get; init; }

    public bool Alpha { get; init; }

    public bool Omega { get; init; }

    public double DelayLoopSeconds { get; init; }

    public int PersistenceTimeout { get; init; }

    /// <summary>The kernel's counters for the service (null when the table could not be read).</summary>
    public TrafficStatus? Traffic { get; init; }
}

/// <summary>An IPVS service's or destination's counters since it was added (ipvsadm -Ln --stats).</summary>
public sealed record TrafficStatus(ulong Connections, ulong InPackets, ulong OutPackets, ulong InBytes, ulong OutBytes);

/// <summary>One real server: its checker verdict and what it has in the IPVS table.</summary>
public sealed record RealServerStatus
{
    public required string Address { get; init; }

    /// <summary>UP when every checker is up, else DOWN.</summary>
    public required string State { get; init; }

    /// <summary>The weight in the IPVS table (0 when inhibited); null when the server is not in the table.</summary>
    public int? Weight { get; init; }

    public int ConfiguredWeight { get; init; }

    /// <summary>"TCP_CHECK up" per checker, or empty when the server has no checker.</summary>
    public IReadOnlyList<string> Checkers { get; init; } = [];

    /// <summary>The address as the keepalived exporters label it ("192.0.2.11:80", IPv6 without brackets).</summary>
    public string ExporterAddress { get; init; } = "";

    public string Method { get; init; } = "NAT";

    public bool InhibitOnFailure { get; init; }

    /// <summary>The kernel's counters for the destination (null when it is not in the table or the table could not be read).</summary>
    public TrafficStatus? Traffic { get; init; }

    public uint ActiveConnections { get; init; }

    public uint InactiveConnections { get; init; }
}
