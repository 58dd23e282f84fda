namespace Vigil.Core.Protocol;

/// <summary>VRRPv2 Auth Type field (RFC 3768 §5.3.6, RFC 2338 §5.3.6). VRRPv3 has no authentication.</summary>
public enum VrrpAuthType : byte
{
    /// <summary>No authentication; Auth Data is zero on transmit.</summary>
    None = 0,

    /// <summary>keepalived <c>auth_type PASS</c>: 8 bytes of clear text, zero-padded (RFC 2338 §5.3.6.1).</summary>
    SimpleText = 1,

    /// <summary>keepalived <c>auth_type AH</c> (IPsec AH header). Vigil decodes it only to reject it clearly.</summary>
    IpAuthenticationHeader = 2,
}
