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

    /// <summary>The sorry server when it is in the table (quorum lost), else null.</summary>
    public string? SorryServerActive { get; init; }

    public IReadOnlyList<RealServerStatus> RealServers { get; init; } = [];
}

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
}
