using System.Runtime.InteropServices;
using CsCheck;
using Vigil.Linux.Vrrp;

namespace Vigil.Linux.Tests.Unit;

public sealed class EnvelopeParsingTests
{
    private static readonly byte[] s_ipv4Packet =
    [
        0x45, 0xC0, 0, 28, 0, 0, 0, 0, 255, 112, 0, 0, // version 4, IHL 5, total 28, TTL 255, protocol 112
        192, 0, 2, 1, 224, 0, 0, 18,
        0x31, 51, 100, 0, 0, 100, 0, 0,
    ];

    [Fact]
    public void TryParse_WellFormedIPv4_ReturnsHeaderLengthTotalAndTtl()
    {
        Assert.True(IPv4Header.TryParse(s_ipv4Packet, out int header, out int total, out byte ttl));
        Assert.Equal((20, 28, (byte)255), (header, total, ttl));
    }

    [Theory]
    [InlineData(0, 0x65)] // version 6
    [InlineData(0, 0x44)] // IHL 16 bytes: below the minimum
    [InlineData(0, 0x4F)] // IHL 60 bytes: beyond what arrived
    [InlineData(3, 60)]   // total length beyond what arrived
    [InlineData(3, 10)]   // total length shorter than the header
    public void TryParse_InconsistentIPv4Lengths_Rejects(int index, byte value)
    {
        byte[] packet = (byte[])s_ipv4Packet.Clone();
        packet[index] = value;

        Assert.False(IPv4Header.TryParse(packet, out _, out _, out _));
    }

    [Fact]
    public void TryParse_ArbitraryBytes_AcceptedLengthsAlwaysFitTheBuffer()
    {
        Gen.Byte.Array[0, 80].Sample(bytes =>
            !IPv4Header.TryParse(bytes, out int header, out int total, out _)
            || (header >= 20 && header <= total && total <= bytes.Length), iter: 20_000, seed: "0N0XIzNsQ0O2");
    }

    [Fact]
    public unsafe void TryReadNext_ControlMessages_ReadsEachWithAlignment()
    {
        byte[] control = new byte[64];
        var hopLimit = new Interop.cmsghdr { cmsg_len = (nuint)(sizeof(Interop.cmsghdr) + 4), cmsg_level = 41, cmsg_type = 52 };
        MemoryMarshal.Write(control, in hopLimit);
        MemoryMarshal.Write(control.AsSpan(16), 255);
        var info = new Interop.cmsghdr { cmsg_len = (nuint)(sizeof(Interop.cmsghdr) + 20), cmsg_level = 41, cmsg_type = 50 };
        MemoryMarshal.Write(control.AsSpan(24), in info);
        ReadOnlySpan<byte> span = control.AsSpan(0, 24 + 36);

        Assert.True(ControlMessages.TryReadNext(ref span, out int level, out int type, out ReadOnlySpan<byte> data));
        Assert.Equal((41, 52, 4, 255), (level, type, data.Length, MemoryMarshal.Read<int>(data)));
        Assert.True(ControlMessages.TryReadNext(ref span, out _, out type, out data));
        Assert.Equal((50, 20), (type, data.Length));
        Assert.False(ControlMessages.TryReadNext(ref span, out _, out _, out _));
    }

    [Fact]
    public unsafe void TryReadNext_ControlLengthBeyondBuffer_Stops()
    {
        byte[] control = new byte[24];
        var header = new Interop.cmsghdr { cmsg_len = 200, cmsg_level = 41, cmsg_type = 52 };
        MemoryMarshal.Write(control, in header);
        ReadOnlySpan<byte> span = control;

        Assert.False(ControlMessages.TryReadNext(ref span, out _, out _, out _));
    }
}
