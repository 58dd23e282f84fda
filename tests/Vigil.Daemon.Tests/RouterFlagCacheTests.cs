using Microsoft.Extensions.Time.Testing;
using Vigil.Daemon.Linux;

namespace Vigil.Daemon.Tests;

/// <summary>keepalived 2.2.7's NA Router flag cache (vrrp_ndisc.c): read at first use, re-read once older than 5 s, per interface.</summary>
public sealed class RouterFlagCacheTests
{
    [Fact]
    public void ReadsOnFirstUse_KeepsTheValueFor5Seconds_ThenReadsAgain_PerInterface()
    {
        var time = new FakeTimeProvider();
        var forwarding = new Dictionary<string, bool> { ["eth0"] = true, ["eth1"] = false };
        var reads = new List<string>();
        var cache = new RouterFlagCache(name =>
        {
            reads.Add(name);
            return forwarding[name];
        }, time);

        Assert.True(cache.IsRouter("eth0"));
        Assert.False(cache.IsRouter("eth1"));
        forwarding["eth0"] = false;
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.True(cache.IsRouter("eth0")); // exactly 5 s: keepalived rechecks only when strictly later
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.False(cache.IsRouter("eth0"));
        Assert.Equal(["eth0", "eth1", "eth0"], reads);
    }
}
