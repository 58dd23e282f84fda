using System.Net;

namespace Vigil.Linux.Ipvs;

/// <summary>Which side of connection synchronisation a kernel sync daemon runs (IP_VS_STATE_MASTER / _BACKUP).</summary>
public enum IpvsSyncRole
{
    Master = 1,
    Backup = 2,
}

/// <summary>
/// One kernel IPVS sync daemon (ipvsadm --start-daemon): the master multicasts this director's connection table,
/// the backup learns the master's, so established connections survive a director failover. 0 / null: kernel default.
/// </summary>
public sealed record IpvsSyncDaemon(IpvsSyncRole Role, string Interface, uint SyncId)
{
    /// <summary>sync_maxlen: the largest sync message's UDP payload.</summary>
    public ushort MaxLength { get; init; }

    /// <summary>The multicast group (224.0.0.81 by default).</summary>
    public IPAddress? Group { get; init; }

    /// <summary>The UDP port (8848 by default).</summary>
    public ushort Port { get; init; }

    public byte Ttl { get; init; }

    public override string ToString() => $"{Role.ToString().ToLowerInvariant()} sync daemon (mcast={Interface}, syncid={SyncId})";
}
