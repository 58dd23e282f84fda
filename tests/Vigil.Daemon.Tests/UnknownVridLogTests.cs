using System.Buffers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Vigil.Core.Protocol;
using Vigil.Daemon.EventLoop;

namespace Vigil.Daemon.Tests;

/// <summary>
/// global_defs log_unknown_vrids: an advert whose VRID no instance on its interface has is logged (keepalived's
/// "Unknown VRID(n) received on interface(IF)" line), at most once per interface and VRID per minute; without the
/// keyword nothing is logged and nothing allocated.
/// </summary>
public sealed class UnknownVridLogTests
{
    private readonly FakeTimeProvider _clock = new();
    private readonly RecordingPorts _ports = new();
    private readonly RecordingLogger _log = new();

    [Fact]
    public void Handle_LogUnknownVrids_OneLinePerVridPerMinuteWithTheCountHeldBack()
    {
        VrrpEventLoop loop = LoopFixture.CreateLoop(_clock, _ports, out RouterBinding binding, logger: _log);
        binding.Info = binding.Info with { Interface = "eth0" };
        loop.LogUnknownVrids = true;
        loop.Start();

        for (int i = 0; i < 100; i++)
        {
            _clock.Advance(TimeSpan.FromMilliseconds(100));
            loop.Handle(DaemonEvent.Received(Advert(vrid: 52)));
        }

        loop.Handle(DaemonEvent.Received(Advert(vrid: 53)));
        loop.Handle(DaemonEvent.Received(Advert(vrid: 51))); // the instance's own VRID: never an unknown one

        List<string> lines = Unknown();
        Assert.Equal(2, lines.Count);
        Assert.StartsWith("Unknown VRID(52) received on interface(eth0) from 192.0.2.2. ignoring...", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("Unknown VRID(53) received on interface(eth0)", lines[1], StringComparison.Ordinal);

        _clock.Advance(TimeSpan.FromSeconds(60));
        loop.Handle(DaemonEvent.Received(Advert(vrid: 52)));
        Assert.Contains("99 more from this VRID not logged in the last 60 s", Unknown()[^1], StringComparison.Ordinal);
        Assert.Equal(0, binding.Counters[DropReason.UnknownVrid]); // not this instance's drop: no counter moves
    }

    [Fact]
    public void Handle_WithoutLogUnknownVrids_NothingLoggedNothingAllocated()
    {
        VrrpEventLoop loop = LoopFixture.CreateLoop(_clock, _ports, out _, logger: _log);
        loop.Start();
        ReceivedPacket[] packets = [.. Enumerable.Range(0, 300).Select(_ => Advert(vrid: 52))];
        for (int i = 0; i < 100; i++)
        {
            loop.Handle(DaemonEvent.Received(packets[i])); // warm up: JIT, first-call stubs
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 100; i < packets.Length; i++)
        {
            loop.Handle(DaemonEvent.Received(packets[i]));
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Empty(Unknown());
        Assert.Equal(0, allocated);
    }

    private List<string> Unknown() =>
        [.. _log.Lines.Where(l => l.Level == LogLevel.Information && l.Message.StartsWith("Unknown VRID", StringComparison.Ordinal)).Select(l => l.Message)];

    /// <summary>A v3 advert from the fixture's peer with <paramref name="vrid"/>.</summary>
    private static ReceivedPacket Advert(byte vrid)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(64);
        var header = new Advertisement(3, IpFamily.IPv4, vrid, 100, 1, 100);
        Span<byte> vip = stackalloc byte[4];
        LoopFixture.Vip.WriteTo(vip);
        int length = AdvertisementCodec.Write(buffer, header, vip, default, LoopFixture.Peer, LoopFixture.Group);
        return new ReceivedPacket(buffer, length, new PacketEnvelope(LoopFixture.Peer, LoopFixture.Group, 255), LoopFixture.IfIndex);
    }
}
