using System.Buffers;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Vigil.Core.Protocol;
using Vigil.Core.StateMachine;
using Vigil.Daemon.EventLoop;

namespace Vigil.Daemon.Tests;

/// <summary>One v3 IPv4 instance "vi_1" (VRID 51, advert 1 s, VIP 192.0.2.100) on a loop with recording ports and a fake clock.</summary>
internal static class LoopFixture
{
    public const int IfIndex = 7;

    public static readonly NetAddress Self = NetAddress.Parse("192.0.2.1");
    public static readonly NetAddress Peer = NetAddress.Parse("192.0.2.2");
    public static readonly NetAddress Group = NetAddress.Parse("224.0.0.18");
    public static readonly NetAddress Vip = NetAddress.Parse("192.0.2.100");

    public static VrrpEventLoop CreateLoop(FakeTimeProvider clock, RecordingPorts ports, out RouterBinding binding, int priority = 100, RouterState initialState = RouterState.Backup, Microsoft.Extensions.Logging.ILogger? logger = null, bool trackPrimary = true, bool followPrimary = false, long? listeningSince = null, bool trackSource = false)
    {
        binding = Binding("vi_1", 51, priority, initialState, listeningSince, trackPrimary, followPrimary, trackSource);
        return new VrrpEventLoop([binding], ports, ports, ports, ports, clock, logger ?? NullLogger.Instance);
    }

    /// <summary>A v3 IPv4 instance on <see cref="IfIndex"/> (advert 1 s, VIP 192.0.2.100) whose socket listened since <paramref name="listeningSince"/>.</summary>
    public static RouterBinding Binding(string name, byte vrid, int priority = 100, RouterState initialState = RouterState.Backup, long? listeningSince = null, bool trackPrimary = true, bool followPrimary = false, bool trackSource = false)
    {
        var router = new VirtualRouter(new VirtualRouterOptions
        {
            Name = name,
            VirtualRouterId = vrid,
            Version = 3,
            Priority = priority,
            InitialState = initialState,
            AdvertInterval = TimeSpan.FromSeconds(1),
            PrimaryAddress = Self,
        });
        var expectation = new ReceiveExpectation
        {
            Version = 3,
            VirtualRouterId = vrid,
            AdverIntervalCentiseconds = 100,
            VirtualAddresses = ReceiveExpectation.AddressBytes([Vip]),
        };
        return new RouterBinding(router, IfIndex, expectation)
        {
            TrackPrimaryInterface = trackPrimary,
            SourceFollowsPrimary = followPrimary,
            TrackSourceAddress = trackSource,
            VirtualAddresses = [new VirtualAddress(new KernelAddress(IfIndex, Vip.ToIPAddress()))],
            ListeningSinceTimestamp = listeningSince,
        };
    }

    /// <summary>A v3 advert from <see cref="Peer"/> to the group, in a pooled buffer as the socket reader hands it over.</summary>
    public static ReceivedPacket Packet(byte priority, int ttl = 255, NetAddress? source = null, ushort intervalCentiseconds = 100, NetAddress? address = null)
    {
        NetAddress from = source ?? Peer;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(64);
        var header = new Advertisement(3, IpFamily.IPv4, 51, priority, 1, intervalCentiseconds);
        Span<byte> vip = stackalloc byte[4];
        (address ?? Vip).WriteTo(vip);
        int length = AdvertisementCodec.Write(buffer, header, vip, default, from, Group);
        return new ReceivedPacket(buffer, length, new PacketEnvelope(from, Group, ttl), IfIndex);
    }
}
