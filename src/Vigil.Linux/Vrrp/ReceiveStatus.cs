namespace Vigil.Linux.Vrrp;

/// <summary>What one non-blocking receive produced. Everything but <see cref="Received"/> and <see cref="NothingPending"/> is a drop reason to count.</summary>
public enum ReceiveStatus
{
    Received,
    NothingPending,

    /// <summary>Larger than the receive buffer (MSG_TRUNC).</summary>
    Truncated,

    /// <summary>IPv4 header inconsistent: version, header length or total length beyond what arrived.</summary>
    MalformedIPHeader,

    /// <summary>A needed ancillary datum (IPV6_HOPLIMIT / IPV6_PKTINFO) was missing.</summary>
    MissingControlData,
}
