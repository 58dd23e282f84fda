using Vigil.Config.Model;
using Vigil.Config.Syntax;

namespace Vigil.Config.Binding;

/// <summary>The blocks that may appear at the top of keepalived.conf (keepalived.conf(5) "TOP HIERACHY").</summary>
internal static class TopLevelKeywords
{
    public static KeywordTable<RootBuilder> Table { get; } = new("top level",
    [
        Keyword<RootBuilder>.Block("global_defs", (b, n, c) =>
        {
            b.Global.Value = b.Global.Value with { Location = n.Location };
            GlobalKeywords.Table.Bind(b.Global, n.Children, c);
        }),
        Keyword<RootBuilder>.Block("vrrp_script", (b, n, c) => Named(n, c, name =>
        {
            var box = new Box<VrrpScript>(new VrrpScript(name, "", n.Location) { Timeout = TimeSpan.Zero });
            ScriptKeywords.Table.Bind(box, n.Children, c);
            b.Scripts.Add(box);
        })),
        Keyword<RootBuilder>.Block("vrrp_instance", (b, n, c) => Named(n, c, name =>
        {
            var builder = new InstanceBuilder(name, n.Location);
            InstanceKeywords.Table.Bind(builder, n.Children, c);
            b.Instances.Add(builder);
        })),
        Keyword<RootBuilder>.Block("vrrp_sync_group", (b, n, c) => Named(n, c, name =>
        {
            var builder = new SyncGroupBuilder(name, n.Location);
            SyncGroupKeywords.Table.Bind(builder, n.Children, c);
            b.SyncGroups.Add(builder);
        })),
        Keyword<RootBuilder>.Block("track_file", TrackFile),
        Keyword<RootBuilder>.Block("vrrp_track_file", TrackFile),
        Keyword<RootBuilder>.Block("vrrp_track_process", (b, n, c) => Named(n, c, name =>
        {
            var box = new Box<TrackProcess>(new TrackProcess(name, "", n.Location));
            TrackProcessKeywords.Table.Bind(box, n.Children, c);
            b.TrackProcesses.Add(box);
        })),
        Keyword<RootBuilder>.Block("static_ipaddress", (b, n, c) => b.StaticIpAddresses.AddRange(AddressEntryParser.ParseBlock(n, isStatic: true, c))),
        Keyword<RootBuilder>.Block("static_routes", (b, n, c) => b.StaticRoutes.AddRange(RouteEntryParser.ParseBlock(n, c, isStatic: true))),
        Keyword<RootBuilder>.Block("static_rules", (b, n, c) => b.StaticRules.AddRange(RuleEntryParser.ParseBlock(n, c, isStatic: true))),
        Keyword<RootBuilder>.Block("track_group", (b, n, c) => Named(n, c, name =>
        {
            var members = new List<string>();
            foreach (ConfigNode child in n.Children ?? [])
            {
                if (child.Name == "group" && child.HasBlock)
                {
                    members.AddRange(TrackEntryParser.Names(child, c).Select(x => x.Name));
                }
                else
                {
                    c.Error(child.Location, "unknown-keyword", $"unknown keyword '{child.Name}' in 'track_group'", "a track_group holds only 'group { VI_1 … }'");
                }
            }

            b.TrackGroups.Add(new TrackGroup(name, new ValueArray<string>(members), n.Location));
        })),
        Keyword<RootBuilder>.Block("linkbeat_interfaces", LinkbeatInterfaces),
        Keyword<RootBuilder>.Block("interface_up_down_delays", InterfaceUpDownDelays),
        new("virtual_server", KeywordShape.Either, (b, n, c) =>
        {
            if (LvsKeywords.Header(n, c) is { } builder)
            {
                LvsKeywords.VirtualServerTable.Bind(builder, n.Children, c);
                LvsKeywords.AfterBlock(builder, c);
                b.VirtualServers.Add(builder);
            }
        }),
        new("virtual_server_group", KeywordShape.Either, (b, n, c) => VirtualServerGroups.Bind(b, n, c)),
        Keyword<RootBuilder>.Block("garp_group", (b, n, c) => GarpGroupKeywords.Bind(b.GarpGroups, n, c)),
        Keyword<RootBuilder>.Block("SSL", (b, n, c) =>
        {
            var box = new Box<SslClientSettings>(b.Ssl ?? new SslClientSettings(n.Location));
            SslKeywords.Table.Bind(box, n.Children, c);
            b.Ssl = box.Value; // keepalived: a second block adds to the first; the last value of each keyword wins
        }),
    ],
    ["bfd_instance", "net_namespace", "net_namespace_ipvs", "namespace_with_ipsets", "instance", "use_pid_dir", "linkbeat_use_polling", "child_wait_time"]);

    private static void Named(ConfigNode node, BindContext context, Action<string> bind)
    {
        if (node.Arguments.Count == 0)
        {
            context.Error(node.Location, "missing-argument", $"'{node.Name}' needs a name", $"write '{node.Name} NAME {{'");
            return;
        }

        context.NoMoreThan(node, 1);
        bind(node.Arguments[0].Text);
    }

    private static void TrackFile(RootBuilder root, ConfigNode node, BindContext context) => Named(node, context, name =>
    {
        var box = new Box<TrackFile>(new TrackFile(name, "", node.Location));
        TrackFileKeywords.Table.Bind(box, node.Children, context);
        root.TrackFiles.Add(box);
    });

    private static void LinkbeatInterfaces(RootBuilder root, ConfigNode node, BindContext context)
    {
        foreach (ConfigNode entry in node.Children ?? [])
        {
            if (!EntryWords.IsPlainLine(entry, node.Name, context))
            {
                continue;
            }

            context.NoMoreThan(entry, 1);
            LinkbeatMethod? method = entry.Arguments.Count == 0 ? LinkbeatMethod.Mii : entry.Arguments[0].Text switch
            {
                "MII" => LinkbeatMethod.Mii,
                "ETHTOOL" => LinkbeatMethod.Ethtool,
                "IOCTL" => LinkbeatMethod.Ioctl,
                _ => null,
            };
            if (method is null)
            {
                context.Error(entry.Arguments[0].Location, "invalid-value", $"'{entry.Arguments[0].Text}' is not a linkbeat method", "write MII, ETHTOOL or IOCTL (or nothing)");
                continue;
            }

            root.LinkbeatInterfaces.Add(new LinkbeatInterface(entry.Name, method.Value, entry.Location));
        }
    }

    private static void InterfaceUpDownDelays(RootBuilder root, ConfigNode node, BindContext context)
    {
        foreach (ConfigNode entry in node.Children ?? [])
        {
            if (!EntryWords.IsPlainLine(entry, node.Name, context))
            {
                continue;
            }

            context.NoMoreThan(entry, 2);
            if (context.Arg(entry, 0, "a down delay in seconds") is not { } downToken || context.SecondsToken(entry.Name, downToken, 0, 255) is not { } down)
            {
                continue;
            }

            // keepalived 2.2.7's code (vrrp_parser.c alloc_if_up_down_delay) leaves the up delay 0 when it is
            // omitted; its man page says it equals the down delay. The code is what runs, so Vigil follows it.
            decimal up = 0;
            if (entry.Arguments.Count > 1)
            {
                if (context.SecondsToken(entry.Name, entry.Arguments[1], 0, 255) is not { } u)
                {
                    continue;
                }

                up = u;
            }

            root.InterfaceUpDownDelays.Add(new InterfaceUpDownDelay(entry.Name, BindContext.ToTimeSpan(down), BindContext.ToTimeSpan(up), entry.Location));
        }
    }
}
