using Vigil.Core.Protocol;

namespace Vigil.Core.Tests.Protocol;

public sealed class NetAddressTests
{
    [Theory]
    [InlineData("192.0.2.1")]
    [InlineData("224.0.0.18")]
    [InlineData("2001:db8::1")]
    [InlineData("fe80::5eff:fe00:a01")]
    public void Parse_ThenToString_RoundTrips(string text) => Assert.Equal(text, NetAddress.Parse(text).ToString());

    [Theory]
    [InlineData("224.0.0.18", true)]
    [InlineData("239.255.255.255", true)]
    [InlineData("192.0.2.1", false)]
    [InlineData("ff02::12", true)]
    [InlineData("2001:db8::1", false)]
    public void IsMulticast_ByFamilyPrefix(string text, bool multicast) => Assert.Equal(multicast, NetAddress.Parse(text).IsMulticast);

    [Fact]
    public void CompareTo_ComparesAsUnsignedNetworkOrderBytes()
    {
        // 192.0.2.200 > 192.0.2.3 although a signed or host-order comparison could say otherwise.
        Assert.True(NetAddress.Parse("192.0.2.200") > NetAddress.Parse("192.0.2.3"));
        Assert.True(NetAddress.Parse("200.0.0.1") > NetAddress.Parse("100.0.0.1"));
        Assert.True(NetAddress.Parse("fe80::2") > NetAddress.Parse("fe80::1"));
    }

    [Fact]
    public void WriteTo_ThenRead_RoundTrips()
    {
        var address = NetAddress.Parse("2001:db8::abcd");
        Span<byte> bytes = stackalloc byte[16];

        Assert.Equal(16, address.WriteTo(bytes));
        Assert.Equal(address, NetAddress.Read(IpFamily.IPv6, bytes));
        Assert.True(address.Matches(bytes));
    }

    [Fact]
    public void Groups_AreTheRfc5798Addresses()
    {
        Assert.Equal("224.0.0.18", VrrpConstants.Ipv4Group.ToString());
        Assert.Equal("ff02::12", VrrpConstants.Ipv6Group.ToString());
    }

    [Fact]
    public void TryParse_NotAnAddress_ReturnsFalse()
    {
        Assert.False(NetAddress.TryParse("not-an-ip", out _));
        Assert.False(NetAddress.TryParse(null, out _));
    }
}
