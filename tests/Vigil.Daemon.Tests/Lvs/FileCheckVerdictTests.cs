using System.Net;
using Vigil.Config.Model;
using Vigil.Daemon.Lvs;
using Vigil.Daemon.Lvs.Checkers;

namespace Vigil.Daemon.Tests.Lvs;

/// <summary>FILE_CHECK's value semantics (keepalived 2.2.7 track_file.c) and its start without alpha.</summary>
public sealed class FileCheckVerdictTests
{
    [Theory]
    [InlineData(0L, 0, false, true, 0)] // weight 0: zero is up
    [InlineData(7L, 0, false, false, 0)] // non-zero is down
    [InlineData(0L, 0, true, false, 0)] // reverse: zero is down
    [InlineData(-3L, 0, true, true, 0)] // reverse: non-zero is up
    [InlineData(5L, 2, false, true, 10)] // weighted: value × weight added
    [InlineData(5L, 2, true, true, -10)] // reverse negates
    [InlineData(-4L, 3, false, true, -12)]
    [InlineData(3_000_000_000L, 1, false, true, int.MaxValue)] // clamped to an int
    [InlineData(-2147483648L, 1, false, false, 0)] // INT_MIN is keepalived's IPVS_WEIGHT_FAULT: down
    [InlineData(2147483648L, 1, true, false, 0)]
    public void Of_AsKeepalived(long value, int weight, bool reverse, bool up, int delta) =>
        Assert.Equal((up, delta), FileCheckVerdict.Of(value, weight, reverse));

    [Theory]
    [InlineData(2147483648L, true)]
    [InlineData(2147483649L, false)]
    [InlineData(-2147483649L, false)]
    public void InRange_KeepalivedIgnoresValuesOutsideInt32PlusOne(long value, bool accepted) => Assert.Equal(accepted, FileCheckVerdict.InRange(value));

    [Fact]
    public void Install_KnownCheckerStartsFromItsFile_EvenWithAlpha_WeightAddedAndClampedAtZero()
    {
        var table = new RecordingIpvsTable();
        RealServer Real(int last, int weight) => new(IPAddress.Parse($"192.0.2.{last}"), 80, default) { Weight = weight, Checks = new([new FileCheck(default) { TrackFileName = $"f{last}" }]) };
        VirtualServer server = new(default) { Address = IPAddress.Parse("203.0.113.10"), Port = 80, Scheduler = "rr", Alpha = true, RealServers = new([Real(11, 1), Real(12, 5), Real(13, 2)]) };
        (bool, int)? Known(HealthCheck c) => ((FileCheck)c).TrackFileName switch
        {
            "f11" => (true, 4), // up, +4
            "f12" => (false, 0), // down
            _ => (true, -9), // up, below 0: weight 0
        };
        var state = new LvsState([server], table) { Known = Known };

        state.Install();

        Assert.Equal(["add-svc TCP 203.0.113.10:80 rr", "add 192.0.2.11:80 w5", "add 192.0.2.13:80 w0"], table.Calls);
        table.Calls.Clear();
        Assert.Equal("weight 3 (dynamic weight)", state.Report(state.Services[0].Reals[0], 0, up: true, weight: 3));
        Assert.Equal(["set 192.0.2.11:80 w3"], table.Calls);
    }
}
