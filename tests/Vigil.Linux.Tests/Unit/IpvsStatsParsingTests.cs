using System.Buffers.Binary;
using System.Net;
using Vigil.Linux.Ipvs;

namespace Vigil.Linux.Tests.Unit;

/// <summary>The kernel's traffic counters in IPVS dump entries (IPVS_*_ATTR_STATS / STATS64), read as ipvsadm --stats shows them.</summary>
public sealed class IpvsStatsParsingTests
{
    [Fact]
    public void Destination_Stats64_AllCountersRead()
    {
        byte[] stats = Nested(IpvsGenl.IPVS_DEST_ATTR_STATS64, U64(1, 6), U64(2, 40), U64(3, 32), U64(4, 2236), U64(5, 2978), U64(11, 0));
        byte[] body = Body(IpvsGenl.IPVS_CMD_ATTR_DEST, Attr(IpvsGenl.IPVS_DEST_ATTR_ADDR, [192, 0, 2, 11]), Attr(IpvsGenl.IPVS_DEST_ATTR_PORT, [0, 80]), stats);

        Assert.True(IpvsMessageParser.TryParseDestination(body, 2, out IpvsDestination? parsed));

        Assert.Equal(new IpvsStats(6, 40, 32, 2236, 2978), parsed!.Stats);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.11"), 80), new IPEndPoint(parsed.Address, parsed.Port));
    }

    [Fact]
    public void Service_OldStatsOnly_U32CountersAndU64Bytes()
    {
        byte[] stats = Nested(IpvsGenl.IPVS_SVC_ATTR_STATS, U32(1, 7), U32(2, 50), U32(3, 44), U64(4, 5_000_000_000), U64(5, 9));
        byte[] body = Body(IpvsGenl.IPVS_CMD_ATTR_SERVICE, U16(IpvsGenl.IPVS_SVC_ATTR_AF, 2), U16(IpvsGenl.IPVS_SVC_ATTR_PROTOCOL, 6),
            Attr(IpvsGenl.IPVS_SVC_ATTR_ADDR, [203, 0, 113, 10]), Attr(IpvsGenl.IPVS_SVC_ATTR_PORT, [0, 80]), stats);

        Assert.True(IpvsMessageParser.TryParseService(body, out IpvsService? parsed));

        Assert.Equal(new IpvsStats(7, 50, 44, 5_000_000_000, 9), parsed!.Stats);
    }

    private static byte[] Body(ushort type, params byte[][] attributes) => [0, 0, 0, 0, .. Nested(type, attributes)];

    private static byte[] Nested(ushort type, params byte[][] attributes) => Attr((ushort)(type | IpvsGenl.NLA_F_NESTED), [.. attributes.SelectMany(a => a)]);

    private static byte[] U16(ushort type, ushort value) => Attr(type, BitConverter.GetBytes(value));

    private static byte[] U32(ushort type, uint value) => Attr(type, BitConverter.GetBytes(value));

    private static byte[] U64(ushort type, ulong value) => Attr(type, BitConverter.GetBytes(value));

    private static byte[] Attr(ushort type, byte[] value)
    {
        int length = 4 + value.Length;
        byte[] attribute = new byte[(length + 3) & ~3];
        BinaryPrimitives.WriteUInt16LittleEndian(attribute, (ushort)length);
        BinaryPrimitives.WriteUInt16LittleEndian(attribute.AsSpan(2), type);
        value.CopyTo(attribute, 4);
        return attribute;
    }
}
