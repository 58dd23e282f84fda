using System.Globalization;
using Vigil.Linux.Tests.Netns;

namespace Vigil.Linux.Tests.Integration.Interop;

/// <summary>
/// One row of the interop matrix of issue 4: the protocol variant both sides are configured with.
/// Each row has its own VRID so a straggler advert of an earlier row can never be mistaken for this one's.
/// </summary>
internal sealed record InteropCase(string Name, int Version, bool Unicast, bool IPv6, string AdvertInterval, bool PassAuthentication, int VirtualRouterId)
{
    public const int MasterPriority = 100;
    public const int BackupPriority = 90;

    /// <summary>The matrix: v2 multicast, v2 unicast with PASS authentication, v3 unicast and multicast at 0.1 s, IPv6 v3 multicast at 0.1 s.</summary>
    public static IReadOnlyList<InteropCase> All { get; } =
    [
        new("v2-multicast", 2, Unicast: false, IPv6: false, "1", PassAuthentication: false, 61),
        new("v2-unicast-pass", 2, Unicast: true, IPv6: false, "1", PassAuthentication: true, 62),
        new("v3-unicast-0.1", 3, Unicast: true, IPv6: false, "0.1", PassAuthentication: false, 63),
        new("v3-multicast-0.1", 3, Unicast: false, IPv6: false, "0.1", PassAuthentication: false, 64),
        new("v6-v3-multicast-0.1", 3, Unicast: false, IPv6: true, "0.1", PassAuthentication: false, 65),
    ];

    /// <summary>xunit MemberData: the row names, so each case reads as its name in the test list.</summary>
    public static TheoryData<string> Names
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (InteropCase row in All)
            {
                data.Add(row.Name);
            }

            return data;
        }
    }

    public string Vip => IPv6 ? "2001:db8::100" : "192.0.2.100";

    public TimeSpan Interval => TimeSpan.FromSeconds(double.Parse(AdvertInterval, CultureInfo.InvariantCulture));

    /// <summary>RFC 5798 §6.1 (and RFC 3768 with whole seconds): 3 × Advertisement_Interval + Skew_Time, Skew = (256 − priority) × interval / 256.</summary>
    public TimeSpan MasterDownInterval => (3 * Interval) + (Interval * (256 - BackupPriority) / 256);

    /// <summary>
    /// How long "exactly one VIP holder" must hold: the 10 s (100 adverts at 0.1 s, well over 1.5 × Master_Down_Interval
    /// at every interval), so a backup that silently rejected every advert would have taken the VIP within the window.
    /// </summary>
    public static TimeSpan SteadyWindow => TimeSpan.FromSeconds(10);

    public static InteropCase Named(string name) => All.Single(c => c.Name == name);

    public bool Holds(LabNode node) => node.ListAddresses().Any(x => x.Local == Vip);

    /// <summary>Writes one node's keepalived.conf for this row (the same text serves keepalived and Vigil).</summary>
    public string WriteConfig(string directory, string name, LabNode node, string state, int priority, string self, string peer)
    {
        string unicast = Unicast ? $"    unicast_src_ip {self}\n    unicast_peer {{\n        {peer}\n    }}\n" : "";
        string authentication = PassAuthentication ? "    authentication {\n        auth_type PASS\n        auth_pass vigil01\n    }\n" : "";
        string text = $$"""
            global_defs {
                router_id {{node.Namespace}}
            }
            vrrp_instance VI_{{VirtualRouterId}} {
                state {{state}}
                interface {{node.Interface}}
                virtual_router_id {{VirtualRouterId}}
                version {{Version}}
                priority {{priority}}
                advert_int {{AdvertInterval}}

            """ + unicast + authentication + $$"""
                virtual_ipaddress {
                    {{Vip}}/{{(IPv6 ? 64 : 24)}} dev {{node.Interface}}
                }
            }

            """;
        string path = Path.Combine(directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    public override string ToString() => Name;
}
