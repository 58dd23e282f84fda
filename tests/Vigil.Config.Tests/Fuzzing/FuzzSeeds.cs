using Vigil.Config.Tests.Cluster;

namespace Vigil.Config.Tests.Fuzzing;

/// <summary>
/// The configurations the config fuzzer mutates: the repository's own keepalived.conf files, the man-page fixtures,
/// Debian's keepalived samples where the package is installed (read in place, never copied), and a few compact texts
/// for the reader features the files above use little. Also the words they contain, to build random token streams.
/// </summary>
internal static class FuzzSeeds
{
    /// <summary>Expands to 65,024 instances by design (seconds per input): its ~SEQ is covered by the compact seeds instead.</summary>
    private const string HugeFixture = "seq-65024-instances.conf";

    private static readonly string[] s_compact =
    [
        """
        global_defs {
            router_id lb1
            enable_script_security
            script_user root
        }
        vrrp_script chk {
            script "/bin/true"
            interval 1
            weight -20
            fall 2
            rise 2
        }
        vrrp_instance VI_1 {
            state MASTER
            interface eth0
            virtual_router_id 51
            priority 150
            advert_int 1
            authentication {
                auth_type PASS
                auth_pass secret
            }
            virtual_ipaddress {
                192.0.2.10/24 dev eth0 label eth0:1
            }
            track_script {
                chk
            }
            notify_master "/bin/true master"
        }
        """,
        """
        $IF=eth0
        $VIP=192.0.2.20
        @main router_id main1
        @^main router_id other
        ~SEQ(i,1,3) vrrp_instance VI_$i { interface $IF \
            virtual_router_id ${i} \
            virtual_ipaddress { $VIP/24 } }
        include /etc/keepalived/conf.d/*.conf
        """,
        """
        vrrp_sync_group G1 {
            group {
                V6
                V4
            }
            notify_fault "/bin/true fault"
        }
        vrrp_instance V6 {
            version 3
            interface eth1
            virtual_router_id 60
            priority 100
            advert_int 0.5
            nopreempt
            unicast_src_ip 2001:db8::1
            unicast_peer {
                2001:db8::2 min_ttl 250 max_ttl 255
            }
            virtual_ipaddress {
                2001:db8::100/64
            }
            virtual_ipaddress_excluded {
                2001:db8::200/64
            }
            track_interface {
                eth2 weight -10
            }
        }
        vrrp_instance V4 {
            interface eth1
            virtual_router_id 61
            use_vmac vrrp61
            virtual_ipaddress {
                198.51.100.1/24
            }
            virtual_routes {
                203.0.113.0/24 via 198.51.100.254 dev eth1
            }
            virtual_rules {
                from 198.51.100.0/24 table 100
            }
        }
        """,
        """
        virtual_server 192.0.2.80 80 {
            delay_loop 6
            lb_algo rr
            lb_kind NAT
            protocol TCP
            real_server 198.51.100.2 80 {
                weight 1
                TCP_CHECK {
                    connect_timeout 3
                }
            }
        }
        vrrp_instance VI_9 {
            interface eth0
            virtual_router_id 9
            virtual_ipaddress {
                192.0.2.80
            }
        }
        """,
        """
        $A=~SEQ(i,1,2) x
        ~LST(n,a,b,c) vrrp_instance L_$n { interface eth0
        virtual_router_id 7
        virtual_ipaddress { 192.0.2.7 } }
        track_file tf {
            file /tmp/vigil-fuzz-track
            weight 10
            init_file 5 overwrite
        }
        track_process nginx {
            process nginx
            weight 5
            quorum 1
            delay 2
        }
        vrrp_track_process tp { process sshd }
        static_ipaddress { 203.0.113.9/24 dev eth3 }
        static_routes { 203.0.113.0/25 via 203.0.113.1 }
        """,
    ];

    /// <summary>Files the in-memory file system holds besides the main file, for include mutations to find.</summary>
    public static readonly KeyValuePair<string, string>[] IncludedFiles =
    [
        new("/etc/keepalived/conf.d/extra.conf", "vrrp_instance EXTRA {\n interface eth0\n virtual_router_id 99\n virtual_ipaddress {\n 192.0.2.99\n }\n}\n"),
        new("/etc/keepalived/conf.d/params.conf", "$P=1\n@main $Q=2\n"),
    ];

    public static IReadOnlyList<(string Name, string Text)> All { get; } = Load();

    /// <summary>Every distinct whitespace-separated word of the seeds, in a stable order.</summary>
    public static string[] Words { get; } = [.. All.SelectMany(s => s.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    private static List<(string, string)> Load()
    {
        var seeds = new List<(string, string)>();
        string root = ClusterCheckerTests.RepositoryRoot();
        foreach (string file in new[] { "examples/seed/master.conf", "examples/seed/backup.conf", "examples/seed-original/master.conf", "examples/seed-original/backup.conf", "packaging/keepalived.conf.example" })
        {
            seeds.Add((file, File.ReadAllText(Path.Combine(root, file))));
        }

        string fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures", "man-advanced");
        foreach (string file in Directory.GetFiles(fixtures, "*.conf").Order(StringComparer.Ordinal).Where(f => Path.GetFileName(f) != HugeFixture))
        {
            seeds.Add(("man-advanced/" + Path.GetFileName(file), File.ReadAllText(file)));
        }

        // Debian's samples are optional (the keepalived package): the fuzz keeps its count without them.
        if (Directory.Exists(Samples.KeepalivedSampleTests.SampleDirectory))
        {
            foreach (string file in Directory.GetFiles(Samples.KeepalivedSampleTests.SampleDirectory, "keepalived.conf.*").Order(StringComparer.Ordinal))
            {
                seeds.Add(("samples/" + Path.GetFileName(file), File.ReadAllText(file)));
            }
        }

        for (int i = 0; i < s_compact.Length; i++)
        {
            seeds.Add(($"compact-{i}", s_compact[i]));
        }

        return seeds;
    }
}
