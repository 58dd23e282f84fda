namespace Vigil.Linux.Netlink;

/// <summary>rtnetlink address scopes (&lt;linux/rtnetlink.h&gt; enum rt_scope_t); keepalived's `scope` keyword.</summary>
public enum AddressScope : byte
{
    Global = 0,
    Site = 200,
    Link = 253,
    Host = 254,
    Nowhere = 255,
}
