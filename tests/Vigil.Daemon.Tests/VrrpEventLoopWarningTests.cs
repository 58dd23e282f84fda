using Microsoft.Extensions.Time.Testing;
using Vigil.Core.Protocol;
using Vigil.Core.StateMachine;
using Vigil.Daemon.EventLoop;
using Vigil.Linux;

namespace Vigil.Daemon.Tests;

/// <summary>Drops, peer mismatches and failing sends reach the log at warning level, one line per kind per instance per minute.</summary>
public sealed class VrrpEventLoopWarningTests
{
    private readonly FakeTimeProvider _clock = new();
    private readonly RecordingPorts _ports = new();
    private readonly RecordingLogger _log = new();

    [Fact]
    public void Handle_FloodOfDroppedAdverts_OneWarningPerReasonPerMinuteWithTheCountHeldBack()
    {
        VrrpEventLoop loop = LoopFixture.CreateLoop(_clock, _ports, out RouterBinding binding, logger: _log);
        loop.Start();

        // 10,000 adverts with TTL 64 within 10 s, then one more after the minute.
        for (int i = 0; i < 10_000; i++)
        {
            _clock.Advance(TimeSpan.FromMilliseconds(1));
            loop.Handle(DaemonEvent.Received(LoopFixture.Packet(200, ttl: 64)));
        }

        List<string> first = _log.Warnings("dropped: TtlError");
        string only = Assert.Single(first);
        Assert.Contains("vi_1", only, StringComparison.Ordinal);
        Assert.Contains("192.0.2.2", only, StringComparison.Ordinal);
        Assert.Equal(10_000, binding.Counters[DropReason.TtlError]);

        _clock.Advance(TimeSpan.FromSeconds(60));
        loop.Handle(DaemonEvent.Received(LoopFixture.Packet(200, ttl: 64)));

        List<string> lines = _log.Warnings("dropped: TtlError");
        Assert.Equal(2, lines.Count);
        Assert.Contains("9999 more like it not logged", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Handle_SendFailsOnEveryAdvert_OneLineWithTheErrnoTextAndNoStackTrace()
    {
        VrrpEventLoop loop = LoopFixture.CreateLoop(_clock, _ports, out RouterBinding binding, logger: _log);
        loop.Start();
        _clock.Advance(_ports.Deadline!.Value);
        loop.Handle(DaemonEvent.Deadline);
        Assert.Equal(RouterState.Master, binding.Router.State);

        // 50 adverts, one a second, each failing: within one minute, so one line.
        for (int i = 0; i < 50; i++)
        {
            _ports.FailNext = new SyscallException(101, "sendmsg(VRRP)"); // ENETUNREACH
            _clock.Advance(_ports.Deadline!.Value - loop.Now);
            loop.Handle(DaemonEvent.Deadline);
        }

        var failures = _log.Lines.Where(l => l.Message.Contains("SendAdvertisement", StringComparison.Ordinal)).ToList();
        var line = Assert.Single(failures);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, line.Level);
        Assert.Null(line.Exception);
        Assert.Contains("vi_1: SendAdvertisement", line.Message, StringComparison.Ordinal);
        Assert.Contains("Network is unreachable", line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Handle_AdvertFromOwnAddress_CountedAndNeverAnElectionInput()
    {
        VrrpEventLoop loop = LoopFixture.CreateLoop(_clock, _ports, out RouterBinding binding, logger: _log);
        loop.Start();
        TimeSpan? deadline = _ports.Deadline;

        loop.Handle(DaemonEvent.Received(LoopFixture.Packet(200, source: LoopFixture.Self)));

        Assert.Equal(1, binding.Counters.OwnAdvertsReceived);
        Assert.Equal(0, binding.Counters.Accepted);
        Assert.Equal(deadline, _ports.Deadline); // the master-down timer was not restarted
        Assert.Equal(1, loop.Snapshot().Instances[0].Counters.OwnAdvertsReceived);
    }

    [Fact]
    public void Handle_OwnerTakesOverFromThisMaster_Warns()
    {
        VrrpEventLoop loop = LoopFixture.CreateLoop(_clock, _ports, out RouterBinding binding, logger: _log);
        loop.Start();
        _clock.Advance(_ports.Deadline!.Value);
        loop.Handle(DaemonEvent.Deadline);

        loop.Handle(DaemonEvent.Received(LoopFixture.Packet(255)));

        Assert.Single(_log.Warnings("advertises priority 255 (address owner)"));
        Assert.Equal(RouterState.Backup, binding.Router.State);
    }

    /// <summary>
    /// Issue 11 #15: a peer whose VRRPv3 adverts carry another interval or another VIP list is accepted (as keepalived does)
    /// and named at warning level, once per kind per minute; the accepted-but-different adverts are counted in status and
    /// in the metrics (vigil_address_list_differed_total).
    /// </summary>
    [Fact]
    public void Handle_PeerWithOtherIntervalAndVipList_WarnedOncePerMinuteCountedInStatusAndMetrics()
    {
        VrrpEventLoop loop = LoopFixture.CreateLoop(_clock, _ports, out _, logger: _log);
        loop.Start();
        NetAddress otherVip = NetAddress.Parse("192.0.2.200");

        for (int i = 0; i < 100; i++)
        {
            _clock.Advance(TimeSpan.FromMilliseconds(500));
            loop.Handle(DaemonEvent.Received(LoopFixture.Packet(200, intervalCentiseconds: 50, address: otherVip)));
        }

        Assert.Contains("192.0.2.2 advertises every 500 ms, ours is 1000 ms", Assert.Single(_log.Warnings("advertises every")), StringComparison.Ordinal);
        Assert.Contains("make virtual_ipaddress the same on every node", Assert.Single(_log.Warnings("list other virtual addresses than ours")), StringComparison.Ordinal);

        Vigil.Daemon.Status.DaemonStatus status = loop.Snapshot();
        Assert.Equal(100, status.Instances[0].Counters.AddressListDiffered);
        Assert.Contains("\"addressListDiffered\":100", System.Text.Json.JsonSerializer.Serialize(status, Vigil.Daemon.Status.StatusJsonContext.Default.DaemonStatus), StringComparison.Ordinal);
        string metrics = Vigil.Daemon.Metrics.PrometheusText.Format(status);
        Assert.Matches(@"(?m)^vigil_address_list_differed_total\{[^}]*\} 100$", metrics);
        Assert.Matches(@"(?m)^vigil_alternate_checksum_form_total\{[^}]*\} 0$", metrics);
    }
}
