using System.Text;

namespace Vigil.Core.Protocol;

/// <summary>
/// What one VRRP instance expects of the advertisements it receives, mapped once from its
/// configuration (keepalived.conf keywords in the comments). A class, built at configuration
/// time and passed by reference, so the per-packet path copies and allocates nothing.
/// </summary>
public sealed record ReceiveExpectation
{
    /// <summary><c>version</c> / <c>vrrp_version</c>: 2 or 3.</summary>
    public required byte Version { get; init; }

    /// <summary><c>virtual_router_id</c>.</summary>
    public required byte VirtualRouterId { get; init; }

    /// <summary><c>advert_int</c> in centiseconds (v2: a multiple of 100).</summary>
    public required ushort AdverIntervalCentiseconds { get; init; }

    /// <summary>The <c>virtual_ipaddress</c> list (excluding <c>virtual_ipaddress_excluded</c>) in network order, concatenated.</summary>
    public ReadOnlyMemory<byte> VirtualAddresses { get; init; }

    /// <summary><c>authentication { auth_type }</c> (v2 only).</summary>
    public VrrpAuthType AuthType { get; init; }

    /// <summary><c>auth_pass</c> as the 8 bytes on the wire (see <see cref="PadPassword"/>).</summary>
    public ReadOnlyMemory<byte> AuthPassword { get; init; }

    /// <summary>True when <c>unicast_peer</c> is configured: adverts arrive to our address, not the group.</summary>
    public bool Unicast { get; init; }

    /// <summary>The <c>unicast_peer</c> addresses.</summary>
    public ReadOnlyMemory<NetAddress> UnicastPeers { get; init; }

    /// <summary>
    /// Drop unicast adverts whose source is not a configured peer (<c>vrrp_check_unicast_src</c>;
    /// keepalived also turns it on when a peer has <c>min_ttl</c>/<c>max_ttl</c>).
    /// </summary>
    public bool CheckUnicastSource { get; init; }

    /// <summary>
    /// <c>skip_check_adv_addr</c> / <c>vrrp_skip_check_adv_addr</c>: a backup does not compare the address list of
    /// adverts from the master it last heard (keepalived vrrp_state_backup); adverts from any other source still are.
    /// </summary>
    public bool SkipCheckAdvertAddresses { get; init; }

    /// <summary>Unicast only: lowest accepted TTL/Hop Limit (<c>min_ttl</c>); multicast always requires 255.</summary>
    public byte UnicastMinTtl { get; init; }

    /// <summary>Unicast only: highest accepted TTL/Hop Limit (<c>max_ttl</c>).</summary>
    public byte UnicastMaxTtl { get; init; } = 255;

    /// <summary>keepalived 2.2.8 <c>v3_checksum_as_v2</c>: v3 over IPv4 without the pseudo-header (RFC 9568 §5.2.8).</summary>
    public bool V3ChecksumAsV2 { get; init; }

    /// <summary>Also accept the other v3-over-IPv4 checksum form, noted as <see cref="ReceiveNotes.AlternateChecksumForm"/>.</summary>
    public bool AcceptEitherV3Ipv4Checksum { get; init; }

    /// <summary>
    /// The 8 Auth Data bytes for a PASS password: its bytes truncated to 8 and zero-padded,
    /// as keepalived sends them ("only the first 8 characters are used").
    /// </summary>
    public static byte[] PadPassword(string password)
    {
        var padded = new byte[VrrpConstants.AuthDataLength];
        byte[] bytes = Encoding.UTF8.GetBytes(password);
        bytes.AsSpan(0, Math.Min(bytes.Length, padded.Length)).CopyTo(padded);
        return padded;
    }

    /// <summary>Concatenates addresses in network order, the form of the advertisement's address list.</summary>
    public static byte[] AddressBytes(ReadOnlySpan<NetAddress> addresses)
    {
        int total = 0;
        foreach (var address in addresses)
        {
            total += address.Length;
        }

        var bytes = new byte[total];
        int offset = 0;
        foreach (var address in addresses)
        {
            offset += address.WriteTo(bytes.AsSpan(offset));
        }

        return bytes;
    }
}
