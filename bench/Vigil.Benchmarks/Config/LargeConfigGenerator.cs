using System.Globalization;
using System.Text;

namespace Vigil.Benchmarks.Config;

/// <summary>
/// Writes a large, valid keepalived.conf for benchmarks (issue 2's target: 1,000 vrrp_instances, each
/// with 4 virtual IPs, 2 track scripts and unicast peers). Every instance has its own two
/// vrrp_scripts. Addresses are IPv6 from 2001:db8::/32 (documentation range; this text is only
/// parsed, never applied), so 4,000 distinct VIPs fit; (interface, VRID) pairs are unique.
/// </summary>
public static class LargeConfigGenerator
{
    public static string Generate(int instances = 1000)
    {
        var text = new StringBuilder(instances * 900);
        text.Append("""
            global_defs {
                router_id bench1
                vrrp_version 3
                script_user nobody
                enable_script_security
            }

            """);
        for (int i = 0; i < instances; i++)
        {
            foreach (char suffix in "ab")
            {
                text.Append(CultureInfo.InvariantCulture, $$"""
                    vrrp_script chk_{{i}}_{{suffix}} {
                        script "/usr/local/bin/check-service {{i}} {{suffix}}"
                        interval 2
                        timeout 1
                        weight -20
                        fall 2
                        rise 2
                    }

                    """);
            }
        }
        for (int i = 0; i < instances; i++)
        {
            string subnet = i.ToString("x", CultureInfo.InvariantCulture);
            text.Append(CultureInfo.InvariantCulture, $$"""
                vrrp_instance VI_{{i}} {
                    state BACKUP
                    interface eth{{i / 255}}
                    virtual_router_id {{(i % 255) + 1}}
                    priority {{100 + (i % 50)}}
                    advert_int 1
                    unicast_src_ip 2001:db8::1
                    unicast_peer {
                        2001:db8::2
                        2001:db8::3
                    }
                    virtual_ipaddress {
                        2001:db8:1:{{subnet}}::1/64
                        2001:db8:1:{{subnet}}::2/64
                        2001:db8:1:{{subnet}}::3/64
                        2001:db8:1:{{subnet}}::4/64
                    }
                    track_script {
                        chk_{{i}}_a
                        chk_{{i}}_b weight -30
                    }
                    notify_master "/usr/local/bin/notify.sh VI_{{i}} MASTER"
                    notify_backup "/usr/local/bin/notify.sh VI_{{i}} BACKUP"
                }

                """);
        }
        return text.ToString();
    }
}
