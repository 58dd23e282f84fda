using System.Globalization;
using Vigil.Linux.Tests.Netns;
using Xunit.Abstractions;
using static Vigil.Linux.Tests.Integration.VigilRunNetnsTests;

namespace Vigil.Linux.Tests.Integration;

/// <summary>
/// Addresses, routes and rules deleted by hand (`ip … del`) on a MASTER, the same config under the real keepalived
/// 2.2.7 and under `vigil run` (keepalived_netlink.c): a VIP, virtual route or virtual rule deleted makes the instance
/// leave MASTER (notify BACKUP) and take over again after Skew_Time (notify MASTER), which puts it back
/// (set_vrrp_backup); a static route or rule is put back at once; no_track ones stay deleted. Each run prints the
/// deletion → BACKUP → MASTER times from the notify script's timestamps.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class KernelDeletionNetnsTests(ITestOutputHelper output) : IDisposable
{
    private const string UntrackedVip = "192.0.2.101";
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(10);
    private readonly string _directory = ScriptDirectory.Create("vigil-kdel-");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [SkippableTheory]
    [InlineData("keepalived", "vip")]
    [InlineData("vigil", "vip")]
    [InlineData("keepalived", "route")]
    [InlineData("vigil", "route")]
    [InlineData("keepalived", "rule")]
    [InlineData("vigil", "rule")]
    public void VirtualEntryDeletedOnMaster_LeavesMasterAndComesBackAfterSkewTimeWithItPutBack(string program, string entry)
    {
        using Run run = Start(program, $"kd{program[0]}{entry[..2]}");
        LabNode a = run.Node;
        Func<bool> present = entry switch
        {
            "vip" => () => HasVip(a),
            "route" => () => Routes(a).Contains("198.51.100.0/25 dev", StringComparison.Ordinal),
            _ => () => Rules(a).Contains("100:\tfrom 192.0.2.100 lookup 100", StringComparison.Ordinal),
        };
        Assert.True(present(), $"{entry} installed on the MASTER");

        double deletedAt = UnixNow();
        _ = entry switch
        {
            "vip" => a.Ip("addr", "del", Vip + "/24", "dev", a.Interface),
            "route" => a.Ip("route", "del", "198.51.100.0/25", "dev", a.Interface),
            _ => a.Ip("rule", "del", "preference", "100"),
        };

        AssertWithin(s_limit, () => Transitions(run.Notify, deletedAt) is [.., ("MASTER", _)] t && t.Any(x => x.State == "BACKUP"),
            $"{program}: deleting the virtual {entry} should make the MASTER leave MASTER and come back", run.Process);
        AssertWithin(s_limit, present, $"{program}: the virtual {entry} is back with MASTER", run.Process);
        (string State, double At)[] transitions = Transitions(run.Notify, deletedAt);
        double backup = transitions.First(x => x.State == "BACKUP").At - deletedAt, master = transitions.Last(x => x.State == "MASTER").At - deletedAt;
        output.WriteLine($"{program} {entry}: deletion -> BACKUP {backup * 1000:F0} ms, -> MASTER {master * 1000:F0} ms; notify: {string.Join(", ", transitions.Select(x => $"{x.State}@{(x.At - deletedAt) * 1000:F0}"))}");
        Assert.True(master < 1.5, $"{program}: back to MASTER after Skew_Time (~0.3 s), not Master_Down_Interval (1.8 s): {master:F2} s");
        output.WriteLine(run.Process.StandardError);
    }

    [SkippableTheory]
    [InlineData("keepalived")]
    [InlineData("vigil")]
    public void StaticAndNoTrackEntriesDeleted_StaticPutBack_NoTrackLeftDeleted_MasterStays(string program)
    {
        using Run run = Start(program, $"kds{program[0]}");
        LabNode a = run.Node;
        double start = UnixNow();

        a.Ip("addr", "del", UntrackedVip + "/24", "dev", a.Interface);
        a.Ip("route", "del", "198.51.100.128/25", "dev", a.Interface); // no_track virtual route
        a.Ip("rule", "del", "preference", "101"); // no_track virtual rule
        a.Ip("route", "del", "203.0.113.128/25", "dev", a.Interface); // static
        a.Ip("rule", "del", "preference", "200"); // static
        a.Ip("route", "del", "203.0.113.0/26", "dev", a.Interface); // static no_track
        a.Ip("rule", "del", "preference", "201"); // static no_track

        AssertWithin(s_limit, () => Routes(a).Contains("203.0.113.128/25", StringComparison.Ordinal) && Rules(a).Contains("200:\tfrom all to 203.0.113.0/24 lookup 200", StringComparison.Ordinal),
            $"{program}: the static route and rule are put back", run.Process);
        Thread.Sleep(1500); // well past a skew time and a Master_Down_Interval
        string routes = Routes(a), rules = Rules(a);
        Assert.DoesNotContain("198.51.100.128/25", routes, StringComparison.Ordinal);
        Assert.DoesNotContain("203.0.113.0/26", routes, StringComparison.Ordinal);
        Assert.DoesNotContain("101:", rules, StringComparison.Ordinal);
        Assert.DoesNotContain("201:", rules, StringComparison.Ordinal);
        Assert.False(a.ListAddresses().Any(x => x.Local == UntrackedVip), $"{program}: a no_track VIP stays deleted");
        Assert.Empty(Transitions(run.Notify, start)); // none of these moves the instance
        Assert.True(HasVip(a));
        output.WriteLine(run.Process.StandardError);
    }

    [SkippableFact]
    public void DeletionsLostInANotificationOverrun_FoundByTheReRead_StaticPutBackAndTheMasterStepsDownAndBack()
    {
        using Run run = Start("vigil", "kdov");
        LabNode a = run.Node;
        string pid = run.Process.Id.ToString(CultureInfo.InvariantCulture);
        // While vigil is stopped it reads nothing: 10,240 route notifications (other tables, another protocol) fill its
        // monitor's receive buffer, so the kernel drops the deletions that follow (ENOBUFS) and only the re-read finds them.
        string flood = Path.Combine(_directory, "flood.batch");
        File.WriteAllLines(flood, Enumerable.Range(0, 40 * 256).Select(i => $"route add 198.51.100.{i % 256}/32 dev {a.Interface} table {1000 + (i / 256)}"));
        HostCommand.Must("kill", "-STOP", pid);
        double deletedAt;
        try
        {
            a.Ip("-batch", flood);
            deletedAt = UnixNow();
            a.Ip("route", "del", "203.0.113.128/25", "dev", a.Interface); // static
            a.Ip("rule", "del", "preference", "200"); // static
            a.Ip("route", "del", "198.51.100.0/25", "dev", a.Interface); // virtual, on the MASTER
        }
        finally
        {
            HostCommand.Must("kill", "-CONT", pid);
        }

        AssertWithin(s_limit, () => run.Process.StandardError.Contains("re-read the routes and rules: 2 watched route(s) and 1 rule(s) missing", StringComparison.Ordinal),
            "vigil: the overrun is reported with what the re-read found", run.Process);
        AssertWithin(s_limit, () => Routes(a).Contains("203.0.113.128/25", StringComparison.Ordinal) && Rules(a).Contains("200:\tfrom all to 203.0.113.0/24 lookup 200", StringComparison.Ordinal),
            "vigil: the static route and rule are put back", run.Process);
        AssertWithin(s_limit, () => Transitions(run.Notify, deletedAt) is [.., ("MASTER", _)] t && t.Any(x => x.State == "BACKUP"),
            "vigil: the missing virtual route makes the MASTER leave MASTER and come back", run.Process);
        AssertWithin(s_limit, () => Routes(a).Contains("198.51.100.0/25 dev", StringComparison.Ordinal), "vigil: the virtual route is back with MASTER", run.Process);
        output.WriteLine(run.Process.StandardError);
    }

    /// <summary>
    /// IPv6 drops a link's routes when it goes down and says so (RTM_DELROUTE) after the link's own down, on another
    /// socket: those deletions are the link's, not someone else's. Three times down and up: the MASTER goes to FAULT
    /// (never "deleted (not by vigil)" and BACKUP first), the static route is not put back onto the down link (which
    /// failed with ENETDOWN, an error per flap) but when it comes up, as is the static IPv6 address the link took along
    /// (put back at once before, as "deleted (not by vigil)"), and the virtual route comes back with MASTER.
    /// </summary>
    [SkippableFact]
    public void LinkSetDown_Ipv6RoutesGoWithIt_FaultNotAStepDown_StaticRoutePutBackWhenTheLinkReturns()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("kdlnk");
        LabNode a = lab.AddNode("a");
        a.Ip("addr", "add", "192.0.2.1/24", "dev", a.Interface);
        string second = lab.Prefix + "s";
        a.Ip("link", "add", second, "type", "veth", "peer", "name", lab.Prefix + "t");
        a.Ip("link", "set", lab.Prefix + "t", "up");
        a.Ip("link", "set", second, "up");
        a.Ip("addr", "add", "2001:db8:1::1/64", "dev", second, "nodad");
        string conf = Path.Combine(_directory, "link.conf");
        File.WriteAllText(conf, $$"""
            static_ipaddress {
                2001:db8:9::9/64 dev {{second}}
            }
            static_routes {
                2001:db8:3::/64 dev {{second}}
            }
            vrrp_instance VI_1 {
                state MASTER
                interface {{a.Interface}}
                virtual_router_id 62
                version 3
                priority 200
                advert_int 0.1
                track_interface {
                    {{second}}
                }
                virtual_ipaddress {
                    {{Vip}}/24
                }
                virtual_routes {
                    2001:db8:2::/64 dev {{second}}
                }
            }

            """);
        using VigilProcess vigil = VigilProcess.Start(a, "run", "-f", conf);
        AssertWithin(s_limit, () => a.Ip("-6", "route", "show").Contains("2001:db8:2::/64", StringComparison.Ordinal), "MASTER with its virtual route", vigil);

        for (int round = 1; round <= 3; round++)
        {
            a.Ip("link", "set", second, "down");
            AssertWithin(s_limit, () => DynamicInterfacesNetnsTests.Count(vigil.StandardError, "Master -> Fault") == round, $"round {round}: the link down should put the MASTER in FAULT", vigil);
            a.Ip("link", "set", second, "up");
            AssertWithin(s_limit, () => DynamicInterfacesNetnsTests.Count(vigil.StandardError, "-> Master") == round + 1 && a.Ip("-6", "route", "show") is var routes
                && routes.Contains("2001:db8:2::/64", StringComparison.Ordinal) && routes.Contains("2001:db8:3::/64", StringComparison.Ordinal)
                && a.Ip("-6", "addr", "show", "dev", second).Contains("2001:db8:9::9/64", StringComparison.Ordinal),
                $"round {round}: the link up should bring MASTER back with both routes and the static address", vigil);
        }

        Assert.DoesNotContain("was deleted", vigil.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("Master -> Backup", vigil.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("cannot restore", vigil.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("it was deleted (not by vigil", vigil.StandardError, StringComparison.Ordinal); // the static address went with the link
        Assert.Equal(3, DynamicInterfacesNetnsTests.Count(vigil.StandardError, "restored route 2001:db8:3::/64"));
        Assert.Equal(3, DynamicInterfacesNetnsTests.Count(vigil.StandardError, "restored address 2001:db8:9::9/64"));
        output.WriteLine(vigil.StandardError);
    }

    private Run Start(string program, string labName)
    {
        NetnsLab.SkipUnlessAvailable();
        Skip.If(program == "keepalived" && !KeepalivedProcess.IsInstalled, "needs keepalived at " + KeepalivedProcess.Program);
        NetnsLab lab = NetnsLab.Create(labName);
        try
        {
            (LabNode a, _) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
            string notifyLog = Path.Combine(_directory, program + "-notify.log");
            string notify = ScriptDirectory.WriteScript(_directory, program + "-notify.sh", $"echo \"$(date +%s.%N) $3\" >> {notifyLog}");
            string conf = Path.Combine(_directory, program + ".conf");
            File.WriteAllText(conf, Config(a.Interface, notify));
            KeepalivedProcess? keepalived = program == "keepalived" ? KeepalivedProcess.Start(a, conf, _directory) : null;
            VigilProcess process = keepalived?.Output ?? VigilProcess.Start(a, "run", "-f", conf);
            var run = new Run(lab, a, keepalived, process, notifyLog);
            try
            {
                AssertWithin(TimeSpan.FromSeconds(20), () => Transitions(notifyLog, 0) is [.., ("MASTER", _)] && HasVip(a)
                    && Rules(a).Contains("200:", StringComparison.Ordinal) && Routes(a).Contains("198.51.100.0/25", StringComparison.Ordinal),
                    $"{program}: the lone node should become MASTER with its routes and rules", process);
                Thread.Sleep(300); // the takeover's own netlink echoes are read
                return run;
            }
            catch
            {
                run.Dispose();
                throw;
            }
        }
        catch
        {
            lab.Dispose();
            throw;
        }
    }

    private static string Config(string device, string notify) => $$"""
        static_routes {
            203.0.113.128/25 dev {{device}}
            203.0.113.0/26 dev {{device}} no_track
        }
        static_rules {
            to 203.0.113.0/24 table 200 preference 200
            to 203.0.113.64/26 table 201 preference 201 no_track
        }
        vrrp_instance VI_1 {
            state MASTER
            interface {{device}}
            virtual_router_id 51
            version 3
            priority 100
            advert_int 0.5
            notify {{notify}}
            virtual_ipaddress {
                {{Vip}}/24 dev {{device}}
                {{UntrackedVip}}/24 dev {{device}} no_track
            }
            virtual_routes {
                198.51.100.0/25 dev {{device}}
                198.51.100.128/25 dev {{device}} no_track
            }
            virtual_rules {
                from 192.0.2.100 table 100 preference 100
                from 192.0.2.101 table 100 preference 101 no_track
            }
        }

        """;

    /// <summary>The notify script's (state, unix time) lines at or after <paramref name="since"/>, in time order.</summary>
    private static (string State, double At)[] Transitions(string log, double since) =>
        [.. ScriptDirectory.Lines(log)
            .Select(l => l.Split(' '))
            .Where(p => p.Length == 2)
            .Select(p => (State: p[1], At: double.Parse(p[0], CultureInfo.InvariantCulture)))
            .Where(x => x.At >= since)
            .OrderBy(x => x.At)];

    private static double UnixNow() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;

    private static string Routes(LabNode node) => node.Ip("-4", "route", "show", "table", "all");

    private static string Rules(LabNode node) => node.Ip("-4", "rule", "show");

    private sealed record Run(NetnsLab Lab, LabNode Node, KeepalivedProcess? Keepalived, VigilProcess Process, string Notify) : IDisposable
    {
        public void Dispose()
        {
            Keepalived?.Dispose();
            if (Keepalived is null)
            {
                Process.Dispose();
            }

            Lab.Dispose();
        }
    }
}
