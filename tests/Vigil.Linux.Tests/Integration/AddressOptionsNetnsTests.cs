using System.Text.Json;
using Vigil.Linux.Tests.Netns;
using Xunit.Abstractions;

namespace Vigil.Linux.Tests.Integration;

/// <summary>
/// The address-line options (home, mngtmpaddr, noprefixroute, peer, preferred_lft, -nodad, no_track) under
/// `vigil run`, compared field by field with what the real keepalived 2.2.7 installs from the same configuration
/// in a namespace of its own: `ip -j -d addr show` of both must agree (flags, local/peer, prefix, lifetimes).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class AddressOptionsNetnsTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("vigil-addropts-netns-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [SkippableFact]
    public void VigilRun_EveryAddressOption_KernelHoldsWhatKeepalivedInstallsAndNoTrackIsNotRestored()
    {
        NetnsLab.SkipUnlessAvailable();
        Skip.IfNot(KeepalivedProcess.IsInstalled, "parity test needs keepalived at " + KeepalivedProcess.Program);
        using NetnsLab vigilLab = NetnsLab.Create("aov");
        using NetnsLab keepalivedLab = NetnsLab.Create("aok");
        LabNode v = vigilLab.AddNode("n");
        LabNode k = keepalivedLab.AddNode("n");
        v.AddAddress("192.0.2.1/24");
        k.AddAddress("192.0.2.1/24");

        using VigilProcess vigil = VigilProcess.Start(v, "run", "-f", Config(v, "vigil.conf"));
        using KeepalivedProcess keepalived = KeepalivedProcess.Start(k, Config(k, "keepalived.conf"), _directory);
        try
        {
            VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(20), () => Holds(v, "2001:db8::15") && Holds(v, "2001:db8:1::11"), "Vigil (MASTER) should add every address", vigil);
            VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(20), () => Holds(k, "2001:db8::15") && Holds(k, "2001:db8:1::11"), "keepalived (MASTER) should add every address", keepalived.Output);
            Thread.Sleep(300); // the last adds of each
            SortedSet<string> vigilHas = Addresses(v);
            SortedSet<string> keepalivedHas = Addresses(k);
            output.WriteLine("vigil:\n  " + string.Join("\n  ", vigilHas) + "\nkeepalived:\n  " + string.Join("\n  ", keepalivedHas));
            Assert.Equal(keepalivedHas, vigilHas);
            // What each option became (so a parity of two wrong daemons would still fail).
            Assert.Contains("inet 192.0.2.11 peer 192.0.2.21/32 scope global valid forever preferred forever", vigilHas);
            Assert.Contains("inet6 2001:db8::10/64 scope global home mngtmpaddr nodad noprefixroute valid forever preferred forever", vigilHas);
            Assert.Contains("inet6 2001:db8::11 peer 2001:db8::21/128 scope global deprecated nodad valid forever preferred 0", vigilHas);
            Assert.Contains("inet6 2001:db8::12/128 scope global deprecated nodad valid forever preferred 0", vigilHas);
            Assert.Contains("inet6 2001:db8::13/128 scope global nodad valid forever preferred forever", vigilHas);
            Assert.Contains("inet6 2001:db8::14/64 scope global valid forever preferred finite", vigilHas); // -nodad: DAD (off in the lab)
            Assert.DoesNotContain(Routes(v), r => r.StartsWith("198.51.100.0/24", StringComparison.Ordinal));
            Assert.Equal(Routes(k), Routes(v));

            // vigil status: every VIP held as the kernel has it, the peer and noprefixroute ones included.
            VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(5), () => File.Exists(vigil.SocketPath), "the control socket", vigil);
            HostCommandResult table = StatusPairFixture.Vigil("status", "--socket", vigil.SocketPath);
            output.WriteLine(table.StandardOutput);
            Assert.DoesNotContain("!missing", table.StandardOutput, StringComparison.Ordinal);
            using (JsonDocument json = StatusPairFixture.StatusJson(vigil))
            {
                JsonElement instance = StatusPairFixture.Instance(json, "VI_1");
                Assert.Equal(instance.GetProperty("config").GetProperty("vips").GetArrayLength(), instance.GetProperty("kernelVips").GetArrayLength());
                Assert.Contains(instance.GetProperty("config").GetProperty("vips").EnumerateArray(), e => e.GetString()!.StartsWith("192.0.2.11 dev ", StringComparison.Ordinal) && e.GetString()!.Contains("peer 192.0.2.21", StringComparison.Ordinal));
            }

            // Deleted by someone else: a static address comes back, a no_track VIP stays away (both daemons) ...
            foreach (LabNode node in new[] { v, k })
            {
                node.Ip("addr", "del", "2001:db8::15/64", "dev", node.Interface);
                node.Ip("addr", "del", "198.51.100.10/24", "dev", node.Interface);
            }

            VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(5), () => Holds(v, "198.51.100.10"), "Vigil puts a deleted static address back", vigil);
            VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(5), () => Holds(k, "198.51.100.10"), "keepalived puts a deleted static address back", keepalived.Output);
            Thread.Sleep(1000);
            Assert.False(Holds(v, "2001:db8::15"), "a no_track VIP deleted by someone else stays deleted under Vigil");
            Assert.False(Holds(k, "2001:db8::15"), "... and under keepalived");

            // ... and a tracked VIP comes back (both through BACKUP and MASTER again after the skew time), with every other.
            foreach (LabNode node in new[] { v, k })
            {
                node.Ip("addr", "del", "192.0.2.10/24", "dev", node.Interface);
            }

            VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(5), () => Holds(v, "192.0.2.10"), "Vigil puts a deleted VIP back", vigil);
            VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(5), () => Holds(k, "192.0.2.10"), "keepalived puts a deleted VIP back", keepalived.Output);
            Thread.Sleep(500);
            output.WriteLine($"no_track VIP after the tracked one came back: vigil {Holds(v, "2001:db8::15")}, keepalived {Holds(k, "2001:db8::15")}");

            vigil.Terminate();
            Assert.Equal(0, vigil.WaitForExit(TimeSpan.FromSeconds(20)));
            keepalived.Stop();
            output.WriteLine("left after stop: vigil " + string.Join(", ", Addresses(v)) + "; keepalived " + string.Join(", ", Addresses(k)));
            Assert.Equal(["inet 192.0.2.1/24 scope global valid forever preferred forever"], Addresses(v));
            // keepalived 2.2.7 deletes with IFA_ADDRESS = the local address, which inet_rtm_deladdr matches against the
            // peer: its IPv4 peer addresses stay behind. Vigil deletes them by local and peer (the one difference).
            Assert.Contains("inet 192.0.2.11 peer 192.0.2.21/32 scope global valid forever preferred forever", Addresses(k));
        }
        finally
        {
            output.WriteLine(vigil.StandardError);
            output.WriteLine(keepalived.Log);
        }
    }

    private static bool Holds(LabNode node, string address) =>
        node.ListAddresses().Any(a => a.Local == address);

    /// <summary>`ip -j -d addr show dev IF`, each address as one line: family, local [peer], prefix, scope, flags (sorted), label, lifetimes.</summary>
    private static SortedSet<string> Addresses(LabNode node)
    {
        using JsonDocument document = JsonDocument.Parse(node.Ip("-j", "-d", "addr", "show", "dev", node.Interface));
        var result = new SortedSet<string>(StringComparer.Ordinal);
        foreach (JsonElement info in document.RootElement[0].GetProperty("addr_info").EnumerateArray())
        {
            string local = info.GetProperty("local").GetString()!;
            if (local.StartsWith("fe80:", StringComparison.Ordinal))
            {
                continue;
            }

            string prefix = info.GetProperty("prefixlen").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture);
            string peer = info.TryGetProperty("address", out JsonElement p) ? $" peer {p.GetString()}" : "";
            var flags = new SortedSet<string>(StringComparer.Ordinal);
            string? label = null;
            foreach (JsonProperty field in info.EnumerateObject())
            {
                if (field.Value.ValueKind == JsonValueKind.True && field.Name != "secondary") // the order of the adds decides which is primary
                {
                    flags.Add(field.Name);
                }
                else if (field.Name == "label" && field.Value.GetString() != node.Interface)
                {
                    label = " label " + field.Value.GetString()!.Replace(node.Interface, "IF", StringComparison.Ordinal);
                }
            }

            result.Add($"{info.GetProperty("family").GetString()} {local}{(peer.Length > 0 ? peer : "")}/{prefix} scope {info.GetProperty("scope").GetString()}"
                + (flags.Count > 0 ? " " + string.Join(' ', flags) : "") + label
                + $" valid {Lifetime(info, "valid_life_time")} preferred {Lifetime(info, "preferred_life_time")}");
        }

        return result;
    }

    /// <summary>forever, 0, or "finite" (a counting-down lifetime differs by the seconds between the two reads).</summary>
    private static string Lifetime(JsonElement info, string name) => info.GetProperty(name).GetUInt32() switch
    {
        uint.MaxValue => "forever",
        0 => "0",
        _ => "finite",
    };

    private static string[] Routes(LabNode node) =>
        [.. node.Ip("route", "show", "table", "all").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(r => r.Replace(node.Interface, "IF", StringComparison.Ordinal))
            .Where(r => !r.Contains("fe80", StringComparison.Ordinal) && !r.Contains("dev lo", StringComparison.Ordinal) && !r.StartsWith("multicast", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)];

    /// <summary>One MASTER instance, VRRPv3 at 0.1 s, with every option on VIPs, excluded VIPs and static addresses.</summary>
    private string Config(LabNode node, string name)
    {
        string path = Path.Combine(_directory, name);
        string dev = node.Interface;
        File.WriteAllText(path, $$"""
            static_ipaddress {
                198.51.100.10/24 dev {{dev}} noprefixroute
                198.51.100.11 peer 198.51.100.21 dev {{dev}}
                2001:db8:1::10/64 dev {{dev}} home mngtmpaddr noprefixroute preferred_lft 0
                2001:db8:1::11/128 dev {{dev}}
            }
            vrrp_instance VI_1 {
                state MASTER
                interface {{dev}}
                virtual_router_id 61
                version 3
                priority 150
                advert_int 0.1
                virtual_ipaddress {
                    192.0.2.10/24 noprefixroute label {{dev}}:1
                    192.0.2.11 peer 192.0.2.21
                    192.0.2.12/24 home mngtmpaddr
                }
                virtual_ipaddress_excluded {
                    2001:db8::10/64 home mngtmpaddr noprefixroute
                    2001:db8::11 peer 2001:db8::21
                    2001:db8::12/128
                    2001:db8::13/128 preferred_lft forever
                    2001:db8::14/64 preferred_lft 300 -nodad
                    2001:db8::15/64 no_track
                }
            }

            """);
        return path;
    }
}
