namespace Vigil.Core.Protocol;

/// <summary>The IP version an advertisement travels over; it fixes the address size in the message.</summary>
public enum IpFamily : byte
{
    IPv4 = 4,
    IPv6 = 6,
}
