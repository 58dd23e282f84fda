using System.Buffers.Binary;
using System.Net;
using Vigil.Linux.Ipvs;
using Vigil.Linux.Netlink;

namespace Vigil.Linux.Tests.Unit;

/// <summary>The IPVS generic-netlink encoder and parser (exercised against a real kernel in tests/lvs-guest).</summary>
public sealed class IpvsMessageTests
{
    private const ushort FamilyId = 0x23;

    [Fact]
    public void NewService_Header_CarriesFamilyCommandVersionAndLength()
    {
        byte[] buffer = new byte[IpvsMessageWriter.MaxLength];
        var writer = new IpvsMessageWriter(buffer, FamilyId, IpvsGenl.IPVS_CMD_NEW_SERVICE, 0x5, 77);
        writer.Service(new IpvsService(IpvsProtocol.Tcp, IPAddress.Parse("203.0.113.10"), 80) { Scheduler = "rr" }, full: true);
        byte[] message = writer.Finish().ToArray();

        Assert.Equal((uint)message.Length, BinaryPrimitives.ReadUInt32LittleEndian(message));
        Assert.Equal(FamilyId, BinaryPrimitives.ReadUInt16LittleEndian(message.AsSpan(4)));
        Assert.Equal(0x5, BinaryPrimitives.ReadUInt16LittleEndian(message.AsSpan(6)));
        Assert.Equal(77u, BinaryPrimitives.ReadUInt32LittleEndian(message.AsSpan(8)));
        Assert.Equal(IpvsGenl.IPVS_CMD_NEW_SERVICE, message[16]);
        Assert.Equal(IpvsGenl.Version, message[17]);
        Assert.Equal(0, message.Length % 4);
    }

    [Fact]
    public void Service_PortIsNetworkOrder_AddressIsSixteenBytes_NestedFlagSet()
    {
        byte[] buffer = new byte[IpvsMessageWriter.MaxLength];
        var writer = new IpvsMessageWriter(buffer, FamilyId, IpvsGenl.IPVS_CMD_DEL_SERVICE, 0, 1);
        writer.Service(new IpvsService(IpvsProtocol.Tcp, IPAddress.Parse("203.0.113.10"), 8080), full: false);
        byte[] message = writer.Finish().ToArray();

        // genl header at 16..20, then the nested service attribute.
        Assert.Equal(IpvsGenl.IPVS_CMD_ATTR_SERVICE | IpvsGenl.NLA_F_NESTED, BinaryPrimitives.ReadUInt16LittleEndian(message.AsSpan(22)));
        Assert.Equal(message.Length - 20, BinaryPrimitives.ReadUInt16LittleEndian(message.AsSpan(20)));
        // AF (8 bytes), PROTOCOL (8 bytes), ADDR (4 + 16), PORT (4 + 2, padded to 8).
        int addr = 24 + 8 + 8;
        Assert.Equal(20, BinaryPrimitives.ReadUInt16LittleEndian(message.AsSpan(addr)));
        Assert.Equal(new byte[] { 203, 0, 113, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, message.AsSpan(addr + 4, 16).ToArray());
        int port = addr + 20;
        Assert.Equal(IpvsGenl.IPVS_SVC_ATTR_PORT, BinaryPrimitives.ReadUInt16LittleEndian(message.AsSpan(port + 2)));
        Assert.Equal(new byte[] { 0x1F, 0x90 }, message.AsSpan(port + 4, 2).ToArray());
    }

    [Theory]
    [InlineData("203.0.113.10", IpvsProtocol.Tcp, 80, 0u, "wrr", IpvsServiceFlags.Persistent, 300u, 0xFFFFFF00u)]
    [InlineData("2001:db8::10", IpvsProtocol.Udp, 53, 0u, "sh", IpvsServiceFlags.Scheduler1 | IpvsServiceFlags.Scheduler2, 0u, 128u)]
    [InlineData("0.0.0.0", IpvsProtocol.None, 0, 7u, "rr", IpvsServiceFlags.None, 0u, 0xFFFFFFFFu)]
    public void Service_WrittenThenParsedAsDumpEntry_RoundTrips(string address, IpvsProtocol protocol, int port, uint fwmark, string scheduler, IpvsServiceFlags flags, uint timeout, uint netmask)
    {
        var service = new IpvsService(protocol, IPAddress.Parse(address), (ushort)port, fwmark) { Scheduler = scheduler, Flags = flags, Timeout = timeout, Netmask = netmask };
        byte[] buffer = new byte[IpvsMessageWriter.MaxLength];
        var writer = new IpvsMessageWriter(buffer, FamilyId, IpvsGenl.IPVS_CMD_NEW_SERVICE, 0, 1);
        writer.Service(service, full: true);
        byte[] message = writer.Finish().ToArray();

        Assert.True(IpvsMessageParser.TryParseService(message.AsSpan(16), out IpvsService? parsed));
        Assert.Equal(service, parsed);
    }

    [Theory]
    [InlineData("sip")]
    [InlineData("abcdefghijklmnop")] // IP_VS_PENAME_MAXLEN characters
    public void Service_WithPersistenceEngine_WrittenAfterTheSchedulerAndParsedBack(string engine)
    {
        var service = new IpvsService(IpvsProtocol.Udp, IPAddress.Parse("203.0.113.10"), 5060)
        {
            Scheduler = "rr",
            Flags = IpvsServiceFlags.Persistent,
            Timeout = 60,
            PersistenceEngine = engine,
        };
        byte[] message = Written(service);

        Assert.True(IpvsMessageParser.TryParseService(message.AsSpan(16), out IpvsService? parsed));
        Assert.Equal(service, parsed);
        // in libipvs' order, NUL-terminated (NLA_PUT_STRING; the kernel's policy is NLA_NUL_STRING of at most 16)
        Assert.Equal(
            [IpvsGenl.IPVS_SVC_ATTR_AF, IpvsGenl.IPVS_SVC_ATTR_PROTOCOL, IpvsGenl.IPVS_SVC_ATTR_ADDR, IpvsGenl.IPVS_SVC_ATTR_PORT, IpvsGenl.IPVS_SVC_ATTR_SCHED_NAME,
             IpvsGenl.IPVS_SVC_ATTR_PE_NAME, IpvsGenl.IPVS_SVC_ATTR_FLAGS, IpvsGenl.IPVS_SVC_ATTR_TIMEOUT, IpvsGenl.IPVS_SVC_ATTR_NETMASK],
            ServiceAttributes(message).Select(a => a.Type));
        Assert.Equal([.. System.Text.Encoding.ASCII.GetBytes(engine), (byte)0], ServiceAttributes(message).Single(a => a.Type == IpvsGenl.IPVS_SVC_ATTR_PE_NAME).Value);
    }

    [Fact]
    public void Service_WithoutPersistenceEngine_HasNoPeNameAttribute()
    {
        byte[] message = Written(new IpvsService(IpvsProtocol.Udp, IPAddress.Parse("203.0.113.10"), 5060) { Scheduler = "rr" });

        Assert.True(IpvsMessageParser.TryParseService(message.AsSpan(16), out IpvsService? parsed));
        Assert.Null(parsed!.PersistenceEngine);
        Assert.DoesNotContain(ServiceAttributes(message), a => a.Type == IpvsGenl.IPVS_SVC_ATTR_PE_NAME); // as libipvs: only when set
    }

    [Fact]
    public void Service_PersistenceEngineLongerThanSixteen_IsRefused() =>
        Assert.Throws<ArgumentException>(() => Written(new IpvsService(IpvsProtocol.Udp, IPAddress.Parse("203.0.113.10"), 5060) { PersistenceEngine = "abcdefghijklmnopq" }));

    /// <summary>The attributes nested in IPVS_CMD_ATTR_SERVICE (which starts right after the genl header).</summary>
    private static List<(ushort Type, byte[] Value)> ServiceAttributes(byte[] message)
    {
        var attributes = new List<(ushort, byte[])>();
        ReadOnlySpan<byte> nested = message.AsSpan(24);
        while (RouteAttribute.TryReadNext(ref nested, out ushort type, out ReadOnlySpan<byte> value))
        {
            attributes.Add((type, value.ToArray()));
        }

        return attributes;
    }

    private static byte[] Written(IpvsService service)
    {
        byte[] buffer = new byte[IpvsMessageWriter.MaxLength];
        var writer = new IpvsMessageWriter(buffer, FamilyId, IpvsGenl.IPVS_CMD_NEW_SERVICE, 0, 1);
        writer.Service(service, full: true);
        return writer.Finish().ToArray();
    }

    [Fact]
    public void Destination_WrittenThenParsed_RoundTrips()
    {
        var destination = new IpvsDestination(IPAddress.Parse("192.0.2.11"), 80) { Method = IpvsForwardMethod.DirectRoute, Weight = 3, UpperThreshold = 100, LowerThreshold = 10 };
        byte[] buffer = new byte[IpvsMessageWriter.MaxLength];
        var writer = new IpvsMessageWriter(buffer, FamilyId, IpvsGenl.IPVS_CMD_NEW_DEST, 0, 1);
        writer.Destination(destination, full: true);
        byte[] message = writer.Finish().ToArray();

        Assert.True(IpvsMessageParser.TryParseDestination(message.AsSpan(16), 2, out IpvsDestination? parsed));
        Assert.Equal(destination, parsed);
    }

    [Theory]
    [InlineData(IpvsSyncRole.Master, "eth0", 51u, (ushort)0, null, (ushort)0, (byte)0)]
    [InlineData(IpvsSyncRole.Backup, "eth1", 7u, (ushort)1400, "239.0.0.81", (ushort)8849, (byte)2)]
    [InlineData(IpvsSyncRole.Master, "eth2", 0u, (ushort)0, "ff02::81", (ushort)0, (byte)0)]
    public void SyncDaemon_WrittenThenParsedAsDumpEntry_RoundTrips(IpvsSyncRole role, string name, uint syncId, ushort maxLength, string? group, ushort port, byte ttl)
    {
        var daemon = new IpvsSyncDaemon(role, name, syncId) { MaxLength = maxLength, Group = group is null ? null : IPAddress.Parse(group), Port = port, Ttl = ttl };
        byte[] buffer = new byte[IpvsMessageWriter.MaxLength];
        var writer = new IpvsMessageWriter(buffer, FamilyId, IpvsGenl.IPVS_CMD_NEW_DAEMON, 0, 1);
        writer.SyncDaemon(daemon, full: true);
        byte[] message = writer.Finish().ToArray();

        Assert.True(IpvsMessageParser.TryParseSyncDaemon(message.AsSpan(16), out IpvsSyncDaemon? parsed));
        Assert.Equal(daemon, parsed);
    }

    [Fact]
    public void StopSyncDaemon_CarriesOnlyTheRole_PortHostOrderWhenStarting()
    {
        byte[] buffer = new byte[IpvsMessageWriter.MaxLength];
        var stop = new IpvsMessageWriter(buffer, FamilyId, IpvsGenl.IPVS_CMD_DEL_DAEMON, 0, 1);
        stop.SyncDaemon(new IpvsSyncDaemon(IpvsSyncRole.Backup, "eth0", 9), full: false);
        byte[] message = stop.Finish().ToArray();

        // genl header, the nested daemon attribute (4), STATE (4 + 4): nothing else.
        Assert.Equal(20 + 4 + 8, message.Length);
        Assert.Equal(IpvsGenl.IPVS_CMD_ATTR_DAEMON | IpvsGenl.NLA_F_NESTED, BinaryPrimitives.ReadUInt16LittleEndian(message.AsSpan(22)));
        Assert.Equal((uint)IpvsSyncRole.Backup, BinaryPrimitives.ReadUInt32LittleEndian(message.AsSpan(28)));

        // The kernel reads MCAST_PORT with nla_get_u16 (host order), unlike a service's port.
        var start = new IpvsMessageWriter(buffer, FamilyId, IpvsGenl.IPVS_CMD_NEW_DAEMON, 0, 1);
        start.SyncDaemon(new IpvsSyncDaemon(IpvsSyncRole.Master, "eth0", 9) { Port = 8849 }, full: true);
        byte[] started = start.Finish().ToArray();
        int at = started.AsSpan().IndexOf(new byte[] { 6, 0, (byte)IpvsGenl.IPVS_DAEMON_ATTR_MCAST_PORT, 0 });
        Assert.True(at > 0);
        Assert.Equal(8849, BinaryPrimitives.ReadUInt16LittleEndian(started.AsSpan(at + 4)));
    }

    [Fact]
    public void Destination_TruncatedAttribute_IsSkippedNotMisread()
    {
        byte[] buffer = new byte[IpvsMessageWriter.MaxLength];
        var writer = new IpvsMessageWriter(buffer, FamilyId, IpvsGenl.IPVS_CMD_NEW_DEST, 0, 1);
        writer.Destination(new IpvsDestination(IPAddress.Parse("192.0.2.11"), 80), full: true);
        byte[] message = writer.Finish().ToArray();

        Assert.False(IpvsMessageParser.TryParseDestination(message.AsSpan(16, 20), 2, out _));
    }

    [Fact]
    public void Service_SchedulerNameTooLong_Throws()
    {
        byte[] buffer = new byte[IpvsMessageWriter.MaxLength];
        Assert.Throws<ArgumentException>(() =>
        {
            var writer = new IpvsMessageWriter(buffer, FamilyId, IpvsGenl.IPVS_CMD_NEW_SERVICE, 0, 1);
            writer.Service(new IpvsService(IpvsProtocol.Tcp, IPAddress.Parse("192.0.2.1"), 80) { Scheduler = "a-very-long-scheduler" }, full: true);
        });
    }

    [Fact]
    public void GetFamily_AsksTheControllerForIpvs_AndTheReplyIdIsRead()
    {
        byte[] message = IpvsMessageWriter.GetFamily(new byte[IpvsMessageWriter.MaxLength], 9).ToArray();
        Assert.Equal(IpvsGenl.GENL_ID_CTRL, BinaryPrimitives.ReadUInt16LittleEndian(message.AsSpan(4)));
        Assert.Equal(IpvsGenl.CTRL_CMD_GETFAMILY, message[16]);
        Assert.Equal("IPVS\0"u8.ToArray(), message.AsSpan(24, 5).ToArray());

        byte[] reply = [3, 2, 0, 0, 6, 0, 1, 0, 0x2A, 0, 0, 0];
        Assert.True(IpvsMessageParser.TryParseFamilyId(reply, out ushort id));
        Assert.Equal(0x2A, id);
    }
}
