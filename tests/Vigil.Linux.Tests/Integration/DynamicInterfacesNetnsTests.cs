using System.Diagnostics;
using Vigil.Linux.Tests.Netns;
using Xunit.Abstractions;

namespace Vigil.Linux.Tests.Integration;

/// <summary>
/// global_defs dynamic_interfaces (keepalived 2.2.7) in a lab namespace: `vigil run` starts with its instance's interface
/// missing (FAULT, reported by status and a warning), takes MASTER with the VIP once a veth of that name is created, up and
/// addressed, goes to FAULT when it is deleted, and is MASTER again (sockets on the new ifindex) when it is created again.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DynamicInterfacesNetnsTests(ITestOutputHelper output) : IDisposable
{
    private const string Vip = "198.51.100.100";
    private readonly string _directory = Directory.CreateTempSubdirectory("vigil-dynif-netns-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [SkippableFact]
    public void VigilRun_InterfaceMissingCreatedDeletedCreatedAgain_FaultMasterFaultMaster()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("dynif");
        LabNode a = lab.AddNode("a");
        string dynamic = lab.Prefix + "d"; // created inside a's namespace by the test; deleted with it
        string peer = lab.Prefix + "p";
        string conf = Path.Combine(_directory, "dyn.conf");
        File.WriteAllText(conf, $$"""
            global_defs {
                router_id {{a.Namespace}}
                dynamic_interfaces
            }
            vrrp_instance VI_1 {
                state BACKUP
                interface {{dynamic}}
                virtual_router_id 51
                version 3
                priority 100
                advert_int 0.1
                virtual_ipaddress {
                    {{Vip}}/24
                }
            }

            """);

        using VigilProcess vigil = VigilProcess.Start(a, "run", "-f", conf);
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(20), () => vigil.StandardError.Contains("Initialize -> Fault", StringComparison.Ordinal),
            "with its interface missing the instance should start in FAULT", vigil);
        Assert.Contains($"VI_1: interface {dynamic} does not exist", vigil.StandardError, StringComparison.Ordinal);
        HostCommandResult status = StatusPairFixture.Vigil("status", "--socket", vigil.SocketPath);
        output.WriteLine(status.StandardOutput);
        Assert.True(status.ExitCode == 0, status.StandardError);
        Assert.Contains("FAULT", status.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"interface {dynamic} does not exist", status.StandardOutput, StringComparison.Ordinal);

        var clock = Stopwatch.StartNew();
        Create(a, dynamic, peer);
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(10), () => HasVip(a, dynamic), "created, up and addressed: the instance should become MASTER with the VIP", vigil);
        output.WriteLine($"interface created -> VIP on it: {clock.Elapsed.TotalMilliseconds:F0} ms");
        Assert.Contains("Fault -> Backup", vigil.StandardError, StringComparison.Ordinal);
        int firstIndex = IndexOf(a, dynamic);
        int descriptors = SettledDescriptors(vigil);

        a.Ip("link", "del", "dev", dynamic);
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(10), () => vigil.StandardError.Contains("Master -> Fault", StringComparison.Ordinal),
            "deleted: the instance should go to FAULT", vigil);
        Assert.Contains($"interface {dynamic} (index {firstIndex}) deleted", vigil.StandardError, StringComparison.Ordinal);
        status = StatusPairFixture.Vigil("status", "--socket", vigil.SocketPath);
        Assert.Contains("FAULT", status.StandardOutput, StringComparison.Ordinal);

        clock.Restart();
        Create(a, dynamic, peer);
        int secondIndex = IndexOf(a, dynamic);
        Assert.NotEqual(firstIndex, secondIndex);
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(10), () => HasVip(a, dynamic) && Count(vigil.StandardError, "-> Master") == 2,
            "created again: the instance should be MASTER with the VIP again", vigil);
        output.WriteLine($"interface created again (index {firstIndex} -> {secondIndex}) -> VIP on it: {clock.Elapsed.TotalMilliseconds:F0} ms");
        Assert.Contains($"interface {dynamic} created (index {secondIndex})", vigil.StandardError, StringComparison.Ordinal);
        // The deleted interface's sockets are closed: no more descriptors open than after the first creation (a
        // transient one, such as the status connection just served, may still be counted in either snapshot).
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(5), () => SettledDescriptors(vigil) <= descriptors, $"open descriptors should come back to {descriptors}, not {Descriptors(vigil)}", vigil);
        status = StatusPairFixture.Vigil("status", "--socket", vigil.SocketPath);
        output.WriteLine(status.StandardOutput);
        Assert.Contains("MASTER", status.StandardOutput, StringComparison.Ordinal);

        vigil.Terminate();
        Assert.Equal(0, vigil.WaitForExit(TimeSpan.FromSeconds(15)));
        Assert.False(HasVip(a, dynamic), "the VIP is released at stop");
        output.WriteLine(vigil.StandardError);
    }

    [SkippableFact]
    public void VigilRun_VipAndRouteOnAMissingDevice_FaultUntilCreated_ThenAddedThere_AndAgainAfterReCreation()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("dyvd");
        (LabNode a, _) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        string dynamic = lab.Prefix + "d";
        string peer = lab.Prefix + "p";
        string conf = Path.Combine(_directory, "dev.conf");
        File.WriteAllText(conf, $$"""
            global_defs {
                router_id {{a.Namespace}}
                dynamic_interfaces
            }
            vrrp_instance VI_1 {
                state MASTER
                interface {{a.Interface}}
                virtual_router_id 52
                version 3
                priority 200
                advert_int 0.1
                virtual_ipaddress {
                    192.0.2.100/24
                    {{Vip}}/24 dev {{dynamic}}
                }
                virtual_routes {
                    203.0.113.0/24 via 198.51.100.254 dev {{dynamic}}
                }
            }

            """);

        using VigilProcess vigil = VigilProcess.Start(a, "run", "-f", conf);
        // keepalived tracks a VIP's and a route's device (TRACK_ADDR/TRACK_ROUTE): missing, it holds the instance in FAULT.
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(20), () => vigil.StandardError.Contains("-> Fault", StringComparison.Ordinal),
            "with its VIP's device missing the instance should be in FAULT", vigil);
        Assert.DoesNotContain("-> Master", vigil.StandardError, StringComparison.Ordinal);

        Create(a, dynamic, peer);
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(10), () => HasVip(a, dynamic) && HasRoute(a, dynamic),
            "created: the instance should become MASTER with the VIP and the route on it", vigil);
        Assert.Contains($"interface {dynamic} created: its virtual addresses", vigil.StandardError, StringComparison.Ordinal);

        a.Ip("link", "del", "dev", dynamic);
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(10), () => vigil.StandardError.Contains("Master -> Fault", StringComparison.Ordinal),
            "its VIP's device deleted: the instance should go to FAULT", vigil);

        Create(a, dynamic, peer);
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(10), () => HasVip(a, dynamic) && HasRoute(a, dynamic) && Count(vigil.StandardError, "-> Master") == 2,
            "created again: MASTER with the VIP and the route on the new interface", vigil);

        vigil.Terminate();
        Assert.Equal(0, vigil.WaitForExit(TimeSpan.FromSeconds(15)));
        Assert.False(HasVip(a, dynamic), "the VIP is released at stop");
        output.WriteLine(vigil.StandardError);
    }

    /// <summary>
    /// use_vmac (multicast, no vmac_xmit_base) on an interface deleted and created again: the kernel deletes the VMAC with
    /// it, and its sockets (the receive socket on the VMAC, its send and announcement sockets) close then, not at stop;
    /// created again, the instance is MASTER on a new VMAC with its sockets open again.
    /// </summary>
    [SkippableFact]
    public void VigilRun_UseVmac_InterfaceDeleted_TheVmacSocketsCloseAndOpenAgainWhenCreated()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("dyvr");
        LabNode a = lab.AddNode("a");
        string dynamic = lab.Prefix + "d";
        string peer = lab.Prefix + "p";
        Create(a, dynamic, peer);
        string conf = Path.Combine(_directory, "vmac.conf");
        File.WriteAllText(conf, Dynamic(a) + $$"""
            vrrp_instance VI_1 {
                state MASTER
                interface {{dynamic}}
                use_vmac
                virtual_router_id 57
                version 3
                priority 200
                advert_int 0.1
                virtual_ipaddress {
                    {{Vip}}/24
                }
            }

            """);

        using VigilProcess vigil = VigilProcess.Start(a, "run", "-f", conf);
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(20), () => HasVip(a, "vrrp.57"), "MASTER with the VIP on vrrp.57", vigil);
        Assert.NotEmpty(RawAndPacketSockets(a)); // Vigil's sockets on the interface and its VMAC: nothing else runs in a's namespace

        a.Ip("link", "del", "dev", dynamic);
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(10), () => vigil.StandardError.Contains("Master -> Fault", StringComparison.Ordinal),
            "its interface deleted: the instance should go to FAULT", vigil);
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(5), () => RawAndPacketSockets(a).Length == 0,
            "the interface and its VMAC are gone: no VRRP or announcement socket should stay open (ss -w -0 lists them)", vigil);

        Create(a, dynamic, peer);
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(10), () => HasVip(a, "vrrp.57") && Count(vigil.StandardError, "-> Master") == 2,
            "created again: MASTER with the VIP on a new vrrp.57", vigil);
        Assert.NotEmpty(RawAndPacketSockets(a));

        vigil.Terminate();
        Assert.Equal(0, vigil.WaitForExit(TimeSpan.FromSeconds(15)));
        output.WriteLine(vigil.StandardError);
    }

    /// <summary>global_defs with dynamic_interfaces, for the instances that follow.</summary>
    private static string Dynamic(LabNode node) => $"global_defs {{\n    router_id {node.Namespace}\n    dynamic_interfaces\n}}\n";

    /// <summary>The raw IP and AF_PACKET sockets open in the node's namespace (ss), one a line.</summary>
    private static string[] RawAndPacketSockets(LabNode node) =>
        node.Exec("ss", "-H", "-n", "-a", "-w", "-0").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>
    /// garp_extra_if on an interface deleted and created again: without use_vmac a VIP's `dev` (extra with `all`), with it the
    /// instance's interface, whose VMAC the kernel deletes with it and Vigil creates again (extra with vmac_xmit_base).
    /// </summary>
    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public void VigilRun_GarpExtraIf_InterfaceDeletedAndCreatedAgain_SendsOnTheNewInterfaceWithItsMac(bool useVmac)
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create(useVmac ? "dyvm" : "dyxif");
        LabNode a = lab.AddNode("a");
        a.Ip("addr", "add", "192.0.2.1/24", "dev", a.Interface);
        string dynamic = lab.Prefix + "d";
        string peer = lab.Prefix + "p";
        string announced = useVmac ? "vrrp.56" : dynamic;
        Create(a, dynamic, peer);
        string conf = Path.Combine(_directory, "xif.conf");
        File.WriteAllText(conf, $$"""
            global_defs {
                router_id {{a.Namespace}}
                dynamic_interfaces
            }
            vrrp_instance VI_1 {
                state MASTER
                interface {{(useVmac ? dynamic : a.Interface)}}
                {{(useVmac ? "use_vmac\n    vmac_xmit_base" : "")}}
                virtual_router_id 56
                version 3
                priority 200
                advert_int 0.1
                garp_master_delay 0
                garp_master_repeat 1
                garp_extra_if {{(useVmac ? "" : "all")}} 1
                virtual_ipaddress {
                    {{Vip}}/24 {{(useVmac ? "" : "dev " + dynamic)}}
                }
            }

            """);

        using VigilProcess vigil = VigilProcess.Start(a, "run", "-f", conf);
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(20), () => HasVip(a, announced), $"MASTER with the VIP on {announced}", vigil);
        int before = ExtraGarps(a, announced, peer);

        int firstIndex = IndexOf(a, dynamic);
        a.Ip("link", "del", "dev", dynamic);
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(10), () => vigil.StandardError.Contains("Master -> Fault", StringComparison.Ordinal),
            "its interface deleted: the instance should go to FAULT", vigil);
        Create(a, dynamic, peer);
        Assert.NotEqual(firstIndex, IndexOf(a, dynamic));
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(10), () => HasVip(a, announced) && Count(vigil.StandardError, "-> Master") == 2,
            $"created again: MASTER with the VIP on {announced} again", vigil);
        int after = ExtraGarps(a, announced, peer);

        output.WriteLine($"garp_extra_if GARPs for {Vip} with {announced}'s MAC in 2.6 s: {before} before, {after} after the re-creation (index {firstIndex} -> {IndexOf(a, dynamic)})");
        Assert.True(before >= 2, $"garp_extra_if should announce on {announced} every second, saw {before}\n{vigil.StandardError}");
        Assert.True(after >= 2, $"garp_extra_if should announce on the re-created {announced}, saw {after}\n{vigil.StandardError}");

        vigil.Terminate();
        Assert.Equal(0, vigil.WaitForExit(TimeSpan.FromSeconds(15)));
        Assert.False(a.TryExec("ip", "link", "show", "vrrp.56").Succeeded, "no VMAC left at stop");
    }

    /// <summary>The gratuitous ARPs for <see cref="Vip"/> sent from <paramref name="device"/>'s current MAC that arrive at its veth peer in 2.6 s.</summary>
    private static int ExtraGarps(LabNode node, string device, string peer)
    {
        byte[] mac = node.HardwareAddress(device);
        byte[] vip = System.Net.IPAddress.Parse(Vip).GetAddressBytes();
        using FrameCapture capture = node.InNamespace(() => FrameCapture.OpenOn(0x0806, peer));
        return capture.Collect(TimeSpan.FromSeconds(2.6)).Count(f =>
            f.Length >= 42 && f.AsSpan(6, 6).SequenceEqual(mac) && f.AsSpan(22, 6).SequenceEqual(mac) && f.AsSpan(28, 4).SequenceEqual(vip));
    }

    [SkippableFact]
    public void VigilRun_DynamicInterfacesTurnedOnByReload_AddedInstanceFollowsItsInterface_TurnedOffWhileMissing_Refused()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("dyrl");
        LabNode a = lab.AddNode("a");
        string dynamic = lab.Prefix + "d";
        string peer = lab.Prefix + "p";
        string conf = Path.Combine(_directory, "reload.conf");
        string instance = $$"""
            vrrp_instance VI_1 {
                state BACKUP
                interface {{dynamic}}
                virtual_router_id 53
                version 3
                priority 100
                advert_int 0.1
                virtual_ipaddress {
                    {{Vip}}/24
                }
            }

            """;
        string withDynamic = Dynamic(a) + instance;
        a.Ip("addr", "add", "192.0.2.1/24", "dev", a.Interface);
        string present = $"vrrp_instance VI_0 {{\n    interface {a.Interface}\n    virtual_router_id 54\n    version 3\n    priority 100\n    advert_int 0.1\n    virtual_ipaddress {{\n        192.0.2.100/24\n    }}\n}}\n";
        string without = $"global_defs {{\n    router_id {a.Namespace}\n}}\n" + present;
        withDynamic += present;
        File.WriteAllText(conf, without);

        using VigilProcess vigil = VigilProcess.Start(a, "run", "-f", conf);
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(20), () => vigil.StandardError.Contains("-> Master", StringComparison.Ordinal), "VI_0 should become MASTER", vigil);

        File.WriteAllText(conf, withDynamic);
        vigil.Hangup();
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(20), () => vigil.StandardError.Contains("Initialize -> Fault", StringComparison.Ordinal),
            "the reload turning dynamic_interfaces on should start VI_1 in FAULT on its missing interface", vigil);
        Create(a, dynamic, peer);
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(10), () => HasVip(a, dynamic),
            "created after the reload: VI_1 should follow it and become MASTER", vigil);

        a.Ip("link", "del", "dev", dynamic);
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(10), () => vigil.StandardError.Contains("Master -> Fault", StringComparison.Ordinal), "deleted: FAULT", vigil);
        File.WriteAllText(conf, without + instance);
        vigil.Hangup();
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(20), () => vigil.StandardError.Contains("reload refused", StringComparison.Ordinal),
            "turning dynamic_interfaces off while VI_1's interface is missing should be refused (keepalived refuses a missing interface)", vigil);
        Assert.Contains($"interface '{dynamic}' of vrrp_instance VI_1 does not exist", vigil.StandardError, StringComparison.Ordinal);

        vigil.Terminate();
        Assert.Equal(0, vigil.WaitForExit(TimeSpan.FromSeconds(15)));
        output.WriteLine(vigil.StandardError);
    }

    private static bool HasRoute(LabNode node, string name) =>
        node.TryExec("ip", "route", "show", "203.0.113.0/24").StandardOutput.Contains("dev " + name, StringComparison.Ordinal);

    /// <summary>A veth pair inside the node's namespace, both ends up, an address on the watched end.</summary>
    internal static void Create(LabNode node, string name, string peer)
    {
        node.Ip("link", "add", name, "type", "veth", "peer", "name", peer);
        node.Ip("link", "set", "dev", peer, "up");
        node.Ip("link", "set", "dev", name, "up");
        node.Ip("addr", "add", "198.51.100.1/24", "dev", name);
    }

    private static bool HasVip(LabNode node, string name) =>
        node.TryExec("ip", "-br", "addr", "show", "dev", name).StandardOutput.Contains(Vip + "/24", StringComparison.Ordinal);

    internal static int IndexOf(LabNode node, string name) =>
        int.Parse(node.Exec("cat", $"/sys/class/net/{name}/ifindex").Trim(), System.Globalization.CultureInfo.InvariantCulture);

    private static int Descriptors(VigilProcess process) => Directory.GetFiles($"/proc/{process.Id}/fd").Length;

    /// <summary>The open descriptor count once two reads 300 ms apart agree (at most 3 s), so a transient one is not counted.</summary>
    private static int SettledDescriptors(VigilProcess process)
    {
        int count = Descriptors(process);
        for (int attempt = 0; attempt < 10; attempt++)
        {
            Thread.Sleep(300);
            int again = Descriptors(process);
            if (again == count)
            {
                break;
            }

            count = again;
        }

        return count;
    }

    internal static int Count(string text, string what)
    {
        int count = 0;
        for (int at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + what.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
