using Vigil.Linux.Tests.Integration.Interop;
using Vigil.Linux.Tests.Netns;
using Xunit.Abstractions;
using static Vigil.Linux.Tests.Integration.DynamicInterfacesNetnsTests;
using static Vigil.Linux.Tests.Integration.VigilRunNetnsTests;

namespace Vigil.Linux.Tests.Integration;

/// <summary>
/// static_ipaddress and static_routes name their interface: deleted and created again under that name (a new ifindex),
/// keepalived 2.2.7 puts them back on the new one when it comes up, since its entries point at the interface by name
/// (netlink_link_filter reuses the name's interface_t, then interface_up → static_track_group_reinstate_config), with
/// or without dynamic_interfaces; Vigil also watches them there as before (deleted by hand, put back at once). The VRRP
/// instance runs on another interface and is not moved by any of this. The same config runs under keepalived 2.2.7.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class RecreatedInterfaceNetnsTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(10);
    private readonly string _directory = ScriptDirectory.Create("vigil-recreate-");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [SkippableTheory]
    [InlineData("keepalived", false)]
    [InlineData("vigil", false)]
    [InlineData("vigil", true)]
    public void StaticAddressesAndRoutes_InterfaceDeletedAndCreatedAgain_PutBackOnTheNewInterface_RemovedFromItAtStop(string program, bool dynamicInterfaces)
    {
        using NetnsLab lab = Lab(program, $"rcs{program[0]}{(dynamicInterfaces ? "d" : "")}");
        LabNode a = lab.AddNode("a");
        a.Ip("addr", "add", "192.0.2.1/24", "dev", a.Interface);
        string statics = lab.Prefix + "s", peer = lab.Prefix + "t"; // created inside a's namespace; deleted with it
        Create(a, statics, peer);
        string conf = Path.Combine(_directory, "recreate.conf");
        File.WriteAllText(conf, $$"""
            global_defs {
                router_id {{a.Namespace}}
                {{(dynamicInterfaces ? "dynamic_interfaces" : "")}}
            }
            static_ipaddress {
                198.51.100.9/24 dev {{statics}}
                2001:db8:9::9/64 dev {{statics}}
            }
            static_routes {
                203.0.113.0/24 dev {{statics}}
                2001:db8:3::/64 dev {{statics}}
            }
            vrrp_instance VI_1 {
                state MASTER
                interface {{a.Interface}}
                virtual_router_id 63
                version 3
                priority 200
                advert_int 0.1
                virtual_ipaddress {
                    {{Vip}}/24
                }
            }

            """);
        using InteropSide run = InteropSide.Start(program, a, conf, _directory);
        VigilProcess vigil = run.Output;
        AssertWithin(s_limit, () => HasVip(a) && HasStatics(a, statics), $"{program}: MASTER, with the static addresses and routes installed", vigil);

        for (int round = 1; round <= 2; round++)
        {
            int before = IndexOf(a, statics);
            a.Ip("link", "del", "dev", statics);
            Create(a, statics, peer);
            int after = IndexOf(a, statics);
            Assert.NotEqual(before, after);
            AssertWithin(s_limit, () => HasStatics(a, statics), $"{program}, round {round}: {statics} created again (index {before} -> {after}): its static addresses and routes should be put back on it", vigil);
            if (program == "keepalived")
            {
                continue;
            }

            Assert.Contains($"restored route 2001:db8:3::/64 ifindex {after}", vigil.StandardError, StringComparison.Ordinal);
            Assert.Contains($"restored address 2001:db8:9::9/64 on interface index {after}", vigil.StandardError, StringComparison.Ordinal);
        }

        if (program == "vigil")
        {
            Assert.DoesNotContain("static: cannot", vigil.StandardError, StringComparison.Ordinal);
            Assert.DoesNotContain("not by vigil", vigil.StandardError, StringComparison.Ordinal); // they went with the interface
            Assert.DoesNotContain("Master ->", vigil.StandardError, StringComparison.Ordinal);
        }

        // Watched on the new interface too: deleted there by hand, they are put back at once. keepalived 2.2.7 puts the
        // address back but not the route: it matches a deleted route against the index it was installed with (its log
        // says "[installed ifindex 0]" after the re-creation), so its static route is watched no more; Vigil's is.
        a.Ip("route", "del", "203.0.113.0/24", "dev", statics);
        a.Ip("addr", "del", "2001:db8:9::9/64", "dev", statics);
        if (program == "vigil")
        {
            AssertWithin(s_limit, () => HasStatics(a, statics), "deleted by hand on the re-created interface: put back", vigil);
            Assert.Equal(2, Count(vigil.StandardError, "it was deleted (not by vigil"));
        }
        else
        {
            AssertWithin(s_limit, () => a.Ip("addr", "show", "dev", statics).Contains("2001:db8:9::9/64", StringComparison.Ordinal), "keepalived: the address deleted by hand is put back", vigil);
            Thread.Sleep(1000);
            Assert.DoesNotContain("203.0.113.0/24", a.Ip("-4", "route", "show", "dev", statics), StringComparison.Ordinal);
        }

        run.Stop();
        string left = a.Ip("addr", "show", "dev", statics) + a.Ip("-4", "route", "show", "dev", statics) + a.Ip("-6", "route", "show", "dev", statics);
        Assert.DoesNotContain("198.51.100.9/24", left, StringComparison.Ordinal);
        Assert.DoesNotContain("2001:db8:9::9/64", left, StringComparison.Ordinal);
        Assert.DoesNotContain("203.0.113.0/24", left, StringComparison.Ordinal);
        Assert.DoesNotContain("2001:db8:3::/64", left, StringComparison.Ordinal);
        output.WriteLine(vigil.StandardError);
    }

    /// <summary>
    /// keepalived 2.2.7 follows an instance's interface deleted and created again by name whether or not dynamic_interfaces
    /// is set (netlink_link_filter, update_added_interface re-opens its sockets): FAULT while it is gone, MASTER again after.
    /// DynamicInterfacesNetnsTests covers the same with dynamic_interfaces.
    /// </summary>
    [SkippableTheory]
    [InlineData("keepalived")]
    [InlineData("vigil")]
    public void InstanceInterfaceDeletedAndCreatedAgain_WithoutDynamicInterfaces_FaultThenMasterAgain(string program)
    {
        using NetnsLab lab = Lab(program, "rci" + program[0]);
        LabNode a = lab.AddNode("a");
        string own = lab.Prefix + "s", peer = lab.Prefix + "t";
        Create(a, own, peer);
        string conf = Path.Combine(_directory, "instance.conf");
        File.WriteAllText(conf, $$"""
            vrrp_instance VI_1 {
                state MASTER
                interface {{own}}
                virtual_router_id 64
                version 3
                priority 200
                advert_int 0.1
                virtual_ipaddress {
                    198.51.100.100/24
                }
            }

            """);
        using InteropSide run = InteropSide.Start(program, a, conf, _directory);
        VigilProcess vigil = run.Output;
        Func<bool> hasVip = () => a.TryExec("ip", "addr", "show", "dev", own).StandardOutput.Contains("198.51.100.100/24", StringComparison.Ordinal);
        AssertWithin(s_limit, hasVip, $"{program}: MASTER with its VIP", vigil);

        a.Ip("link", "del", "dev", own);
        AssertWithin(s_limit, () => program != "vigil" || vigil.StandardError.Contains("Master -> Fault", StringComparison.Ordinal), "deleted: FAULT", vigil);
        Create(a, own, peer);
        AssertWithin(s_limit, () => hasVip() && (program != "vigil" || Count(vigil.StandardError, "-> Master") == 2),
            $"{program}: created again: MASTER with its VIP on the new interface", vigil);
        output.WriteLine(vigil.StandardError);
    }

    /// <summary>
    /// A track_interface entry is followed by name too, without dynamic_interfaces (keepalived 2.2.7): the instance on
    /// another interface goes to FAULT (the MASTER gives up its VIP) while the tracked one is gone, and is MASTER again
    /// with its VIP once it is created again and up, on each of two rounds.
    /// </summary>
    [SkippableTheory]
    [InlineData("keepalived")]
    [InlineData("vigil")]
    public void TrackedInterfaceDeletedAndCreatedAgain_WithoutDynamicInterfaces_FaultThenMasterAgain(string program)
    {
        using NetnsLab lab = Lab(program, "rct" + program[0]);
        LabNode a = lab.AddNode("a");
        a.Ip("addr", "add", "192.0.2.1/24", "dev", a.Interface);
        string tracked = lab.Prefix + "s", peer = lab.Prefix + "t"; // created inside a's namespace; deleted with it
        Create(a, tracked, peer);
        string conf = Path.Combine(_directory, "tracked.conf");
        File.WriteAllText(conf, $$"""
            vrrp_instance VI_1 {
                state MASTER
                interface {{a.Interface}}
                virtual_router_id 65
                version 3
                priority 200
                advert_int 0.1
                track_interface {
                    {{tracked}}
                }
                virtual_ipaddress {
                    {{Vip}}/24
                }
            }

            """);
        using InteropSide run = InteropSide.Start(program, a, conf, _directory);
        VigilProcess vigil = run.Output;
        AssertWithin(s_limit, () => HasVip(a), $"{program}: MASTER with its VIP", vigil);

        for (int round = 1; round <= 2; round++)
        {
            int before = IndexOf(a, tracked);
            a.Ip("link", "del", "dev", tracked);
            AssertWithin(s_limit, () => !HasVip(a) && (program != "vigil" || Count(vigil.StandardError, "Master -> Fault") == round),
                $"{program}, round {round}: tracked {tracked} deleted: FAULT, the VIP given up", vigil);
            Create(a, tracked, peer);
            int after = IndexOf(a, tracked);
            Assert.NotEqual(before, after);
            AssertWithin(s_limit, () => HasVip(a) && (program != "vigil" || Count(vigil.StandardError, "-> Master") == round + 1),
                $"{program}, round {round}: tracked {tracked} created again (index {before} -> {after}) and up: MASTER with its VIP again", vigil);
        }

        run.Stop();
        Assert.False(HasVip(a), $"{program}: the stopped MASTER should remove its VIP");
        output.WriteLine(vigil.StandardError);
    }

    private static NetnsLab Lab(string program, string id)
    {
        NetnsLab.SkipUnlessAvailable();
        Skip.If(program == "keepalived" && !KeepalivedProcess.IsInstalled, "needs keepalived at " + KeepalivedProcess.Program);
        return NetnsLab.Create(id);
    }

    /// <summary>Both static addresses and both static routes are on <paramref name="device"/>.</summary>
    private static bool HasStatics(LabNode node, string device) =>
        node.Ip("addr", "show", "dev", device) is var addresses
        && addresses.Contains("198.51.100.9/24", StringComparison.Ordinal) && addresses.Contains("2001:db8:9::9/64", StringComparison.Ordinal)
        && node.Ip("-4", "route", "show", "dev", device).Contains("203.0.113.0/24", StringComparison.Ordinal)
        && node.Ip("-6", "route", "show", "dev", device).Contains("2001:db8:3::/64", StringComparison.Ordinal);
}
