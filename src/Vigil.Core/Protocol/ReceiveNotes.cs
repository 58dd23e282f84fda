namespace Vigil.Core.Protocol;

/// <summary>Things worth a (rate-limited) log line about an advertisement that was accepted anyway.</summary>
[Flags]
public enum ReceiveNotes : byte
{
    None = 0,

    /// <summary>
    /// The address list differs from ours but the advert is accepted: always for v3 (RFC 5798 §7.1
    /// "log", keepalived ≥ 2.3.3 <c>af103930</c>; 2.2.7 dropped it, which split brains), and for v2
    /// when the sender is the address owner (priority 255, RFC 3768 §7.1).
    /// </summary>
    AddressListDiffers = 1,

    /// <summary>v3 Max Adver Int differs from ours; a backup adopts the master's (RFC 5798 §6.4.2).</summary>
    AdverIntervalDiffers = 2,

    /// <summary>v3 IPv4 checksum verified only in the other form (message-only vs pseudo-header), accepted by option.</summary>
    AlternateChecksumForm = 4,
}
