using System.Net;
using Vigil.Config.Model;
using Vigil.Config.Syntax;
using Vigil.Daemon.Hosting;

namespace Vigil.Daemon.Tests;

public sealed class InstanceChangeTests
{
    private static VrrpInstance Instance(string file = "a.conf", int priority = 100, params string[] vips) => new("VI_1", new SourceLocation(file, 3, 1))
    {
        Interface = "eth0",
        VirtualRouterId = 51,
        Version = 3,
        Priority = priority,
        VirtualIpAddresses = new ValueArray<AddressEntry>((vips.Length == 0 ? ["192.0.2.100"] : vips).Select(v => new AddressEntry(IPAddress.Parse(v), 24, new SourceLocation(file, 9, 5)))),
    };

    [Fact]
    public void Classify_SameSettingsOnOtherLines_IsUnchanged() =>
        Assert.Equal(InstanceChangeKind.Unchanged, InstanceChange.Classify(Instance("a.conf"), Instance("moved.conf")));

    [Fact]
    public void Classify_PriorityOnly_IsInPlace() =>
        Assert.Equal(InstanceChangeKind.InPlace, InstanceChange.Classify(Instance(priority: 100), Instance(priority: 150)));

    [Fact]
    public void Classify_VipListChanged_IsInPlace() =>
        Assert.Equal(InstanceChangeKind.InPlace, InstanceChange.Classify(Instance(vips: ["192.0.2.100"]), Instance(vips: ["192.0.2.100", "192.0.2.101"])));

    [Fact]
    public void Classify_TrackScriptAdded_IsInPlace() =>
        Assert.Equal(InstanceChangeKind.InPlace, InstanceChange.Classify(Instance(), Instance() with { TrackScripts = new ValueArray<TrackReference>([new TrackReference("chk", -20, false, SourceRef.None)]) }));

    [Theory]
    [InlineData("vrid")]
    [InlineData("interval")]
    [InlineData("interface")]
    [InlineData("version")]
    [InlineData("preempt")]
    public void Classify_SettingARunningRouterCannotChange_IsRecreate(string what)
    {
        VrrpInstance changed = what switch
        {
            "vrid" => Instance() with { VirtualRouterId = 52 },
            "interval" => Instance() with { AdvertInterval = TimeSpan.FromMilliseconds(100) },
            "interface" => Instance() with { Interface = "eth1" },
            "version" => Instance() with { Version = 2 },
            _ => Instance() with { Preempt = false },
        };

        Assert.Equal(InstanceChangeKind.Recreate, InstanceChange.Classify(Instance(), changed));
    }

    [Fact]
    public void Classify_BecomingAddressOwner_IsRecreate() =>
        Assert.Equal(InstanceChangeKind.Recreate, InstanceChange.Classify(Instance(priority: 100), Instance(priority: 255)));

    [Fact]
    public void Classify_Ipv4VipsReplacedByIpv6_IsRecreate() =>
        Assert.Equal(InstanceChangeKind.Recreate, InstanceChange.Classify(Instance(), Instance(vips: ["2001:db8::100"])));
}
