using System.Globalization;
using System.Net;
using Vigil.Config.Model;
using Vigil.Config.Syntax;

namespace Vigil.Config.Binding;

/// <summary>
/// The LVS/checker side of keepalived.conf(5) ("LVS CONFIGURATION"): virtual_server, real_server,
/// sorry_server and TCP_CHECK are bound; every other keepalived LVS keyword is named — an error where
/// running without it would change the IPVS table or leave a real server unchecked, a warning where it
/// only changes timing or reporting.
/// </summary>
internal static class LvsKeywords
{
    public const decimal MaxSeconds = 86400;

    /// <summary>The other LVS blocks keepalived knows (used to name misplaced keywords).</summary>
    public static readonly (string Block, string[] Keywords)[] Blocks =
    [
        ("bfd_instance", ["neighbor_ip", "source_ip", "min_rx", "min_tx", "idle_tx", "multiplier", "passive", "ttl", "hoplimit", "max_hops", "weight", "vrrp", "checker"]),
    ];

    public static KeywordTable<RealServerBuilder> RealServerTable { get; } = new("real_server",
    [
        Keyword<RealServerBuilder>.Line("weight", (b, n, c) => b.Value = c.Int(n, 0, 65535, "a weight (0–65535)") is { } v ? b.Value with { Weight = v } : b.Value),
        Keyword<RealServerBuilder>.Line("lvs_method", (b, n, c) => b.Method = Method(n, c) ?? b.Method),
        Keyword<RealServerBuilder>.Line("inhibit_on_failure", (b, n, c) => b.Inhibit = c.Bool(n) ?? b.Inhibit),
        Keyword<RealServerBuilder>.Line("uthreshold", (b, n, c) => b.Value = c.Int(n, 0, int.MaxValue) is { } v ? b.Value with { UpperThreshold = v } : b.Value),
        Keyword<RealServerBuilder>.Line("lthreshold", (b, n, c) => b.Value = c.Int(n, 0, int.MaxValue) is { } v ? b.Value with { LowerThreshold = v } : b.Value),
        Keyword<RealServerBuilder>.Line("virtualhost", (b, n, c) => b.VirtualHost = c.Word(n, "a host name") ?? b.VirtualHost),
        .. CheckerKeywords.RealServerRows,
        .. CheckerKeywords.TimingRows<RealServerBuilder>(b => b.Timing, connectTimeout: true),
        .. CheckerKeywords.Refused<RealServerBuilder>(
            "Vigil has no BFD (bfd_instance is not implemented), so the real server would stay in the IPVS table without this health check",
            "BFD_CHECK"),
        Keyword<RealServerBuilder>.Line("notify_up", (b, n, c) => b.Value = ScriptLine.Command(n, c) is { } s ? b.Value with { NotifyUp = s } : b.Value),
        Keyword<RealServerBuilder>.Line("notify_down", (b, n, c) => b.Value = ScriptLine.Command(n, c) is { } s ? b.Value with { NotifyDown = s } : b.Value),
        .. CheckerKeywords.Refused<RealServerBuilder>("it is not applied at the real_server level", "alpha"),
    ],
    ["smtp_alert"]);

    public static KeywordTable<VirtualServerBuilder> VirtualServerTable { get; } = new("virtual_server",
    [
        Keyword<VirtualServerBuilder>.Line("lb_algo", Scheduler),
        Keyword<VirtualServerBuilder>.Line("lvs_sched", Scheduler),
        Keyword<VirtualServerBuilder>.Line("lb_kind", (b, n, c) => b.Value = Method(n, c) is { } m ? b.Value with { Method = m } : b.Value),
        Keyword<VirtualServerBuilder>.Line("lvs_method", (b, n, c) => b.Value = Method(n, c) is { } m ? b.Value with { Method = m } : b.Value),
        Keyword<VirtualServerBuilder>.Line("protocol", Protocol),
        Keyword<VirtualServerBuilder>.Line("virtualhost", (b, n, c) => b.VirtualHost = c.Word(n, "a host name") ?? b.VirtualHost),
        Keyword<VirtualServerBuilder>.Line("persistence_timeout", (b, n, c) =>
        {
            // keepalived: the bare keyword means 360 s.
            int? timeout = n.Arguments.Count == 0 ? 360 : c.Int(n, 1, int.MaxValue / 1000, "a timeout in seconds");
            b.Value = timeout is { } t ? b.Value with { PersistenceTimeout = t } : b.Value;
        }),
        Keyword<VirtualServerBuilder>.Line("persistence_granularity", Granularity),
        Keyword<VirtualServerBuilder>.Line("quorum", (b, n, c) => b.Value = c.Int(n, 1, int.MaxValue) is { } v ? b.Value with { Quorum = v } : b.Value),
        Keyword<VirtualServerBuilder>.Line("hysteresis", (b, n, c) => b.Value = c.Int(n, 0, int.MaxValue) is { } v ? b.Value with { Hysteresis = v } : b.Value),
        Keyword<VirtualServerBuilder>.Line("alpha", (b, n, c) => b.Value = c.Bool(n) is { } v ? b.Value with { Alpha = v } : b.Value),
        Keyword<VirtualServerBuilder>.Line("omega", (b, n, c) => b.Value = c.Bool(n) is { } v ? b.Value with { Omega = v } : b.Value),
        Keyword<VirtualServerBuilder>.Line("inhibit_on_failure", (b, n, c) => b.Inhibit = c.Bool(n) ?? b.Inhibit),
        Keyword<VirtualServerBuilder>.Line("sorry_server", (b, n, c) =>
        {
            if (Endpoint(n, 0, c) is { } endpoint)
            {
                c.NoMoreThan(n, 2);
                b.SorryServer = new RealServer(endpoint.Address, endpoint.Port, n.Location);
            }
        }),
        Keyword<VirtualServerBuilder>.Block("real_server", (b, n, c) =>
        {
            if (Endpoint(n, 0, c) is not { } endpoint)
            {
                return;
            }

            c.NoMoreThan(n, 2);
            var builder = new RealServerBuilder(new RealServer(endpoint.Address, endpoint.Port, n.Location)) { Parent = b };
            RealServerTable.Bind(builder, n.Children, c);
            if (b.RealServers.Any(r => r.Value.Address.Equals(endpoint.Address) && r.Value.Port == endpoint.Port))
            {
                c.Error(n.Location, "duplicate-real-server", $"real_server {builder.Value} appears twice in this virtual_server", "remove one of them");
                return;
            }

            b.RealServers.Add(builder);
        }),
        Keyword<VirtualServerBuilder>.Line("sorry_server_inhibit", (b, n, c) =>
        {
            if (SorryBefore(b, n, c) is { } sorry && c.Bool(n) is { } inhibit)
            {
                b.SorryServer = sorry with { InhibitOnFailure = inhibit };
            }
        }),
        Keyword<VirtualServerBuilder>.Line("sorry_server_lvs_method", (b, n, c) =>
        {
            if (SorryBefore(b, n, c) is not null)
            {
                b.SorryMethod = Method(n, c) ?? b.SorryMethod;
            }
        }),
        Keyword<VirtualServerBuilder>.Line("quorum_up", (b, n, c) => b.Value = ScriptLine.Command(n, c) is { } s ? b.Value with { QuorumUpScript = s } : b.Value),
        Keyword<VirtualServerBuilder>.Line("quorum_down", (b, n, c) => b.Value = ScriptLine.Command(n, c) is { } s ? b.Value with { QuorumDownScript = s } : b.Value),
        Flag("ops", LvsServiceFlags.OnePacket, null),
        Flag("flag-1", LvsServiceFlags.Scheduler1, null),
        Flag("flag-2", LvsServiceFlags.Scheduler2, null),
        Flag("flag-3", LvsServiceFlags.Scheduler3, null),
        Flag("sh-fallback", LvsServiceFlags.Scheduler1, "sh"),
        Flag("sh-port", LvsServiceFlags.Scheduler2, "sh"),
        Flag("mh-fallback", LvsServiceFlags.Scheduler1, "mh"),
        Flag("mh-port", LvsServiceFlags.Scheduler2, "mh"),
        .. CheckerKeywords.TimingRows<VirtualServerBuilder>(b => b.Timing, connectTimeout: true),
        Keyword<VirtualServerBuilder>.Line("ip_family", Family),
        Keyword<VirtualServerBuilder>.Line("persistence_engine", PersistenceEngine),
    ],
    ["ha_suspend", "smtp_alert", "snmp_name"]);

    /// <summary>The header words of <c>virtual_server</c>: <c>IP PORT</c> or <c>fwmark N</c>; null after an error.</summary>
    public static VirtualServerBuilder? Header(ConfigNode node, BindContext context)
    {
        if (node.Arguments.Count > 0 && node.Arguments[0].Text == "group")
        {
            context.NoMoreThan(node, 2);
            if (context.Arg(node, 1, "a virtual_server_group name") is not { } group || !node.HasBlock)
            {
                return null;
            }

            return new VirtualServerBuilder(new VirtualServer(node.Location) { GroupName = group.Text });
        }

        if (!node.HasBlock)
        {
            context.Error(node.Location, "expected-block", "'virtual_server' must be followed by a block { … }", "write 'virtual_server IP PORT {' and the real servers inside");
            return null;
        }

        if (node.Arguments.Count > 0 && node.Arguments[0].Text == "fwmark")
        {
            context.NoMoreThan(node, 2);
            if (context.Arg(node, 1, "a firewall mark") is not { } markToken || !uint.TryParse(markToken.Text, NumberStyles.None, CultureInfo.InvariantCulture, out uint mark) || mark == 0)
            {
                if (node.Arguments.Count > 1)
                {
                    context.Error(node.Arguments[1].Location, "invalid-number", $"'{node.Arguments[1].Text}' is not a firewall mark", "write 'virtual_server fwmark N' with N from 1 to 4294967295");
                }

                return null;
            }

            return new VirtualServerBuilder(new VirtualServer(node.Location) { FirewallMark = mark, Port = 0 });
        }

        if (Endpoint(node, 0, context) is not { } endpoint)
        {
            return null;
        }

        context.NoMoreThan(node, 2);
        return new VirtualServerBuilder(new VirtualServer(node.Location) { Address = endpoint.Address, Port = endpoint.Port });
    }

    private static (IPAddress Address, ushort Port)? Endpoint(ConfigNode node, int index, BindContext context)
    {
        if (context.Arg(node, index, "an IP address and a port") is not { } addressToken || context.Ip(addressToken, node.Name) is not { } address)
        {
            return null;
        }

        if (node.Name == "real_server" && node.Arguments.Count == index + 1)
        {
            return (address, 0); // keepalived: a real server of a fwmark service may omit the port
        }

        if (context.Arg(node, index + 1, "a port after the address") is not { } portToken || context.IntToken(node.Name, portToken, 0, 65535) is not { } port)
        {
            return null;
        }

        return (address, (ushort)port);
    }

    private static void Scheduler(VirtualServerBuilder b, ConfigNode n, BindContext c)
    {
        string[] known = ["rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq", "fo", "ovf", "mh"];
        if (c.Word(n, "a scheduler (rr, wrr, lc, wlc, …)") is not { } name)
        {
            return;
        }

        if (!known.Contains(name, StringComparer.Ordinal))
        {
            c.Error(n.Arguments[0].Location, "invalid-value", $"'{name}' is not an IPVS scheduler", $"write one of {string.Join(", ", known)}");
            return;
        }

        b.Value = b.Value with { Scheduler = name };
    }

    /// <summary>keepalived applies sorry_server_inhibit / sorry_server_lvs_method to a sorry_server written before them, and ignores them otherwise: an error here.</summary>
    private static RealServer? SorryBefore(VirtualServerBuilder b, ConfigNode n, BindContext c)
    {
        if (b.SorryServer is null)
        {
            c.Error(n.Location, "missing-keyword", $"'{n.Name}' comes before or without 'sorry_server': keepalived ignores it there", $"write 'sorry_server IP PORT' above '{n.Name}'");
        }

        return b.SorryServer;
    }

    /// <summary>
    /// A scheduler flag keyword (no argument). keepalived takes sh-port/sh-fallback only after <c>lb_algo sh</c>
    /// (mh-… after <c>lb_algo mh</c>) and ignores them otherwise: an error here.
    /// </summary>
    private static Keyword<VirtualServerBuilder> Flag(string name, LvsServiceFlags flag, string? scheduler) => Keyword<VirtualServerBuilder>.Line(name, (b, n, c) =>
    {
        c.NoMoreThan(n, 0);
        if (scheduler is not null && b.Value.Scheduler != scheduler)
        {
            c.Error(n.Location, "invalid-value", $"'{name}' only applies to the {scheduler} scheduler and this virtual_server's is {b.Value.Scheduler} at this point (keepalived ignores it)",
                $"write 'lb_algo {scheduler}' above '{name}', or remove '{name}'");
            return;
        }

        b.Value = b.Value with { Flags = b.Value.Flags | flag };
    });

    private static LvsMethod? Method(ConfigNode n, BindContext c)
    {
        switch (c.Word(n, "NAT, DR or TUN"))
        {
            case "NAT": return LvsMethod.Nat;
            case "DR": return LvsMethod.DirectRoute;
            case "TUN": return LvsMethod.Tunnel;
            case { } other:
                c.Error(n.Arguments[0].Location, "invalid-value", $"'{n.Name} {other}' is not a forwarding method", $"write '{n.Name} NAT', '{n.Name} DR' or '{n.Name} TUN'");
                return null;
            default: return null;
        }
    }

    private static void Protocol(VirtualServerBuilder b, ConfigNode n, BindContext c)
    {
        switch (c.Word(n, "TCP, UDP or SCTP"))
        {
            case "TCP": b.Value = b.Value with { Protocol = LvsProtocol.Tcp }; break;
            case "UDP": b.Value = b.Value with { Protocol = LvsProtocol.Udp }; break;
            case "SCTP": b.Value = b.Value with { Protocol = LvsProtocol.Sctp }; break;
            case { } other: c.Error(n.Arguments[0].Location, "invalid-value", $"'protocol {other}' is not a protocol", "write 'protocol TCP', 'protocol UDP' or 'protocol SCTP'"); break;
        }
    }

    /// <summary>
    /// <c>ip_family inet|inet6</c> (check_parser.c ip_family_handler): the service's address family, which only a
    /// fwmark service does not already have from its address (without it, <see cref="LvsFamily"/> takes its servers');
    /// a family other than the address's is an error, as in keepalived.
    /// </summary>
    private static void Family(VirtualServerBuilder b, ConfigNode n, BindContext c)
    {
        if (c.Word(n, "inet or inet6") is not { } word)
        {
            return;
        }

        if (word is not ("inet" or "inet6"))
        {
            c.Error(n.Arguments[0].Location, "invalid-value", $"'{word}' is not an address family", "write 'ip_family inet' or 'ip_family inet6'");
            return;
        }

        if (b.Value.GroupName is not null)
        {
            c.Error(n.Location, "lvs-unsupported", "'ip_family' in a 'virtual_server group' is not implemented by Vigil: the family comes from the group's entries", "remove 'ip_family' (write 'fwmark N inet6' in the group for an IPv6 fwmark entry)");
            return;
        }

        IPAddress any = word == "inet6" ? IPAddress.IPv6Any : IPAddress.Any;
        if (b.Value.FirewallMark != 0)
        {
            b.Value = b.Value with { Address = any };
            b.IpFamilyAt = n.Location;
        }
        else if (b.Value.Address.AddressFamily != any.AddressFamily)
        {
            c.Error(n.Arguments[0].Location, "family-mismatch", $"'ip_family {word}' conflicts with the virtual server's address {b.Value.Address} (keepalived ignores the line)", "remove 'ip_family', or make it the address's family");
        }
    }

    /// <summary>
    /// <c>persistence_engine NAME</c> (check_parser.c pengine_handler): keepalived keeps at most IP_VS_PENAME_MAXLEN (16)
    /// characters, truncating a longer name with a config error, and does not check the name: the kernel refuses a
    /// service whose engine module (ip_vs_pe_NAME) does not exist, and Linux ships only <c>sip</c>.
    /// </summary>
    private static void PersistenceEngine(VirtualServerBuilder b, ConfigNode n, BindContext c)
    {
        if (c.Word(n, "a persistence engine name") is not { } name)
        {
            return;
        }

        const int max = 16; // IP_VS_PENAME_MAXLEN
        if (name.Length > max)
        {
            c.Error(n.Arguments[0].Location, "invalid-value", $"persistence engine name '{name}' is longer than {max} characters (keepalived truncates it, and no kernel engine has such a name)", "write 'persistence_engine sip'");
            return;
        }

        if (name != "sip")
        {
            c.Warning(n.Arguments[0].Location, "unknown-persistence-engine", $"'{name}' is not a persistence engine Linux ships (only sip): the kernel refuses the service unless a module ip_vs_pe_{name} is available",
                "write 'persistence_engine sip'");
        }

        b.Value = b.Value with { PersistenceEngine = name };
        b.PersistenceEngineAt = n.Location;
    }

    /// <summary>Checks that need the whole virtual_server block (a keyword's effect depending on one written after it).</summary>
    public static void AfterBlock(VirtualServerBuilder b, BindContext c)
    {
        // ipvswrapper.c ipvs_set_srule: the engine goes with the persistence settings, only when persistence_timeout is set.
        if (b.PersistenceEngineAt is { } at && b.Value.PersistenceTimeout == 0)
        {
            c.Warning(at, "ignored-setting", $"persistence_engine {b.Value.PersistenceEngine} has no effect without persistence_timeout: the service is not persistent, so keepalived does not send the engine either",
                "add 'persistence_timeout SECONDS' to this virtual_server, or remove 'persistence_engine'");
        }
    }

    private static void Granularity(VirtualServerBuilder b, ConfigNode n, BindContext c)
    {
        if (c.Arg(n, 0, "a netmask (IPv4) or prefix length (IPv6)") is not { } token)
        {
            return;
        }

        c.NoMoreThan(n, 1);
        if (token.Text.Contains('.', StringComparison.Ordinal))
        {
            if (c.Ip(token, n.Name) is { } mask)
            {
                b.Value = b.Value with { PersistenceGranularity = mask };
            }

            return;
        }

        if (c.IntToken(n.Name, token, 1, 128) is { } prefix)
        {
            b.Value = b.Value with { PersistenceGranularityPrefix = prefix };
        }
    }
}
