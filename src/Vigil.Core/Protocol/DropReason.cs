namespace Vigil.Core.Protocol;

/// <summary>
/// Why a received advertisement was not accepted, one value per check of
/// reliability-rules.md §2 (in that order). The keepalived 2.2.7 <c>vrrp_stats</c> counter each
/// feeds is named in the comments; <see cref="DropReasonInfo.KeepalivedCounterName"/> returns it.
/// </summary>
public enum DropReason : byte
{
    /// <summary>Accepted (keepalived <c>advert_rcvd</c>).</summary>
    None = 0,

    /// <summary>Shorter than a header, or length ≠ header + count × address size (+ v2 Auth Data); bad IPv4 header lengths. <c>packet_len_err</c>.</summary>
    PacketLength,

    /// <summary>The VRID is not configured here: ignored silently (RFC 5798 §7.1), not a keepalived counter.</summary>
    UnknownVrid,

    /// <summary>Same protocol and group, but the 36-byte CARP header shape (ucarp). <c>packet_len_err</c> in keepalived, distinct here.</summary>
    CarpPacket,

    /// <summary>Multicast advert with TTL/Hop Limit ≠ 255 (RFC 5798 §5.1.1.3), or unicast TTL outside min_ttl..max_ttl. <c>ip_ttl_err</c>.</summary>
    TtlError,

    /// <summary>Version field not 2/3, v2 over IPv6, or not the configured version. <c>vers_err</c>.</summary>
    VersionMismatch,

    /// <summary>v2 Auth Type not 0, 1 or 2 (RFC 3768 §5.3.6). <c>invalid_authtype</c>.</summary>
    InvalidAuthType,

    /// <summary>Auth Type (or presence of AH) differs from the configured one. <c>authtype_mismatch</c>.</summary>
    AuthTypeMismatch,

    /// <summary>IPsec AH (type 2) authentication: recognised, not supported by Vigil. <c>invalid_authtype</c> family.</summary>
    UnsupportedAuthentication,

    /// <summary>PASS Auth Data differs from the configured password (constant-time compare). <c>auth_failure</c>.</summary>
    AuthFailure,

    /// <summary>v2 Adver Int differs from ours (RFC 3768 §7.1 MUST discard). <c>advert_interval_err</c>.</summary>
    AdvertIntervalMismatch,

    /// <summary>Type is not 1 (ADVERTISEMENT) (RFC 5798 §5.2.2). <c>invalid_type_rcvd</c>.</summary>
    InvalidType,

    /// <summary>v3 Max Adver Int 0: would make Master_Down_Interval 0 and flap (Vigil decision, §2 rule 14b). <c>advert_interval_err</c>.</summary>
    MaxAdverIntervalZero,

    /// <summary>Checksum does not verify (RFC 5798 §7.1). <c>chk_err</c>.</summary>
    ChecksumError,

    /// <summary>Multicast packet on a unicast instance, or unicast packet on a multicast instance. <c>addr_list_err</c>.</summary>
    DestinationMismatch,

    /// <summary>Count IPvX Addrs is 0 (RFC 9568 §5.2.5, erratum 8299). <c>addr_list_err</c>.</summary>
    AddressCountZero,

    /// <summary>v2 address list differs and the sender is not the owner (RFC 3768 §7.1). <c>addr_list_err</c>.</summary>
    AddressListMismatch,

    /// <summary>Unicast advert from a source that is not a configured unicast_peer (keepalived <c>check_unicast_src</c>). <c>addr_list_err</c>.</summary>
    UnicastSourceNotPeer,

    /// <summary>IPv4 datagram whose protocol is neither VRRP (112) nor AH (51) carrying VRRP.</summary>
    NotVrrp,
}
