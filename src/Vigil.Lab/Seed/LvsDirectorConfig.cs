using System.Globalization;

namespace Vigil.Lab.Seed;

/// <summary>
/// The seed's title topology, "LVS+Keepalived", for the lab's LVS scenario: lb1 and lb2 are LVS-DR directors sharing
/// the VIP through VRRP (the seed's unicast pair), each with the same virtual_server VIP:8080 balancing round-robin over
/// app1 and app2, checked by TCP_CHECK every second. The real servers hold the VIP on lo and answer the client directly.
/// </summary>
public static class LvsDirectorConfig
{
    public const int Port = SeedLab.AppPort;

    public static string For(string name, string directory, LabTiming timing)
    {
        bool master = name == "lb1";
        string self = master ? "192.0.2.2" : "192.0.2.3";
        string peer = master ? "192.0.2.3" : "192.0.2.2";
        string advert = timing == LabTiming.Fast ? "advert_int 0.1\n    version 3" : "advert_int 1";
        return string.Create(CultureInfo.InvariantCulture, $$"""
            ! lab LVS director {{name}}: VRRP for the VIP, IPVS (DR) for the real servers behind it
            global_defs {
                router_id {{name}}
                enable_script_security
                script_user root
            }

            vrrp_instance VI_1 {
                state {{(master ? "MASTER" : "BACKUP")}}
                interface eth0
                virtual_router_id 51
                priority {{(master ? 100 : 90)}}
                {{advert}}
                unicast_src_ip {{self}}
                unicast_peer {
                    {{peer}}
                }
                notify "{{Path.Combine(directory, SeedFiles.NotifyScript)}} {{Path.Combine(directory, SeedFiles.NotifyLog)}}"
                virtual_ipaddress {
                    {{SeedLab.Vip}}/24 dev eth0
                }
            }

            virtual_server {{SeedLab.Vip}} {{Port}} {
                delay_loop 1
                lb_algo rr
                lb_kind DR
                protocol TCP
                real_server 192.0.2.11 {{Port}} {
                    TCP_CHECK {
                        connect_timeout 1
                        retry 1
                        delay_before_retry 1
                    }
                }
                real_server 192.0.2.12 {{Port}} {
                    TCP_CHECK {
                        connect_timeout 1
                        retry 1
                        delay_before_retry 1
                    }
                }
            }

            """);
    }
}
