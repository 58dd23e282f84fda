namespace Vigil.Core.Protocol;

/// <summary>What each <see cref="DropReason"/> means for counting and logging.</summary>
public static class DropReasonInfo
{
    /// <summary>Number of <see cref="DropReason"/> values, for arrays indexed by reason.</summary>
    public const int Count = (int)DropReason.NotVrrp + 1;

    /// <summary>
    /// Unknown VRIDs are dropped silently (RFC 5798 §7.1; keepalived logs them only with
    /// <c>log_unknown_vrids</c>); every other drop is counted and logged with rate limiting.
    /// </summary>
    public static bool IsSilent(DropReason reason) => reason == DropReason.UnknownVrid;

    /// <summary>The keepalived 2.2.7 <c>vrrp_stats</c> field (as in its JSON/stats dump) this reason feeds, or null.</summary>
    public static string? KeepalivedCounterName(DropReason reason) => reason switch
    {
        DropReason.None => "advert_rcvd",
        DropReason.PacketLength or DropReason.CarpPacket => "packet_len_err",
        DropReason.TtlError => "ip_ttl_err",
        DropReason.VersionMismatch => "vers_err",
        DropReason.InvalidAuthType or DropReason.UnsupportedAuthentication => "invalid_authtype",
        DropReason.AuthTypeMismatch => "authtype_mismatch",
        DropReason.AuthFailure => "auth_failure",
        DropReason.AdvertIntervalMismatch or DropReason.MaxAdverIntervalZero => "advert_interval_err",
        DropReason.InvalidType => "invalid_type_rcvd",
        DropReason.ChecksumError => "chk_err",
        DropReason.DestinationMismatch or DropReason.AddressCountZero or DropReason.AddressListMismatch
            or DropReason.UnicastSourceNotPeer => "addr_list_err",
        _ => null,
    };
}
