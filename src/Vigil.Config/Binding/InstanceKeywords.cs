using Vigil.Config.Model;
using Vigil.Config.Syntax;

namespace Vigil.Config.Binding;

/// <summary>
/// <c>vrrp_instance NAME { }</c> keywords (keepalived.conf(5) "VRRP instance(s)", reference §2.4). Values
/// whose effect depends on other settings are stored raw in <see cref="InstanceBuilder"/> and resolved by
/// <see cref="InstanceFinalizer"/>.
/// </summary>
internal static class InstanceKeywords
{
    private const decimal MaxDelay = 86400;

    public static KeywordTable<InstanceBuilder> Table { get; } = new("vrrp_instance",
    [
        Keyword<InstanceBuilder>.Line("state", State),
        Keyword<InstanceBuilder>.Line("interface", (b, n, c) => With(b, c.Word(n, "an interface name"), v => b.Value with { Interface = v })),
        Keyword<InstanceBuilder>.Line("vrf", (b, n, c) => With(b, c.Word(n, "a VRF interface name"), v => b.Value with { Vrf = v })),
        Keyword<InstanceBuilder>.Line("virtual_router_id", (b, n, c) => b.VirtualRouterId = Located(c.Int(n, 1, 255, "a VRID (1–255)"), n) ?? b.VirtualRouterId),
        Keyword<InstanceBuilder>.Line("priority", Priority),
        Keyword<InstanceBuilder>.Line("version", (b, n, c) => b.Version = Located(c.Int(n, 2, 3, "2 or 3"), n) ?? b.Version),
        Keyword<InstanceBuilder>.Line("advert_int", (b, n, c) => b.AdvertInterval = Located(c.Seconds(n, 0.01m, 255), n) ?? b.AdvertInterval),
        Keyword<InstanceBuilder>.Block("authentication", (b, n, c) =>
        {
            var box = new Box<(Located<AuthType>? Type, Located<string>? Pass)>(default);
            AuthenticationKeywords.Table.Bind(box, n.Children, c);
            b.Authentication = AuthenticationKeywords.Build(box.Value, n, c) ?? b.Authentication;
        }),
        Keyword<InstanceBuilder>.Line("mcast_src_ip", SourceAddress),
        Keyword<InstanceBuilder>.Line("unicast_src_ip", SourceAddress),
        Keyword<InstanceBuilder>.Line("mcast_dst_ip", (b, n, c) => With(b, c.Ip(n), v => b.Value with { McastDestination = v })),
        Keyword<InstanceBuilder>.Line("track_src_ip", (b, n, c) => With(b, c.Flag(n), _ => b.Value with { TrackSourceIp = true })),
        Keyword<InstanceBuilder>.Block("unicast_peer", (b, n, c) =>
        {
            List<UnicastPeer> peers = TrackEntryParser.Peers(n, c);
            b.UnicastPeers.AddRange(peers);
            if (n.Children is { Count: 0 })
            {
                b.EmptyUnicastPeerBlock = n.Location;
            }
        }),
        Keyword<InstanceBuilder>.Line("check_unicast_src", (b, n, c) => b.CheckUnicastSource = c.Flag(n)),
        Keyword<InstanceBuilder>.Line("unicast_fault_no_peer", (b, n, c) => With(b, c.Flag(n), _ => b.Value with { UnicastFaultNoPeer = true })),
        Keyword<InstanceBuilder>.Line("unicast_ttl", (b, n, c) => With(b, c.Int(n, 1, 255), v => b.Value with { UnicastTtl = v })),
        Keyword<InstanceBuilder>.Block("virtual_ipaddress", (b, n, c) => b.VirtualIpAddresses.AddRange(AddressEntryParser.ParseBlock(n, isStatic: false, c))),
        Keyword<InstanceBuilder>.Block("virtual_ipaddress_excluded", (b, n, c) => b.VirtualIpAddressesExcluded.AddRange(AddressEntryParser.ParseBlock(n, isStatic: false, c))),
        Keyword<InstanceBuilder>.Block("virtual_routes", (b, n, c) => b.VirtualRoutes.AddRange(RouteEntryParser.ParseBlock(n, c))),
        Keyword<InstanceBuilder>.Block("virtual_rules", (b, n, c) => b.VirtualRules.AddRange(RuleEntryParser.ParseBlock(n, c))),
        Keyword<InstanceBuilder>.Line("promote_secondaries", (b, n, c) => With(b, c.Flag(n), _ => b.Value with { PromoteSecondaries = true })),
        Keyword<InstanceBuilder>.Block("track_interface", (b, n, c) => b.TrackInterfaces.AddRange(TrackEntryParser.Interfaces(n, c))),
        Keyword<InstanceBuilder>.Block("track_script", (b, n, c) => b.TrackScripts.AddRange(TrackEntryParser.References(n, 253, c))),
        Keyword<InstanceBuilder>.Block("track_file", (b, n, c) => b.TrackFiles.AddRange(TrackEntryParser.References(n, 254, c))),
        Keyword<InstanceBuilder>.Block("track_process", (b, n, c) => b.TrackProcesses.AddRange(TrackEntryParser.References(n, 254, c))),
        Keyword<InstanceBuilder>.Line("dont_track_primary", (b, n, c) => With(b, c.Flag(n), _ => b.Value with { DontTrackPrimary = true })),
        Keyword<InstanceBuilder>.Line("accept", (b, n, c) => b.Accept = new(c.Flag(n) is true, n.Location)),
        Keyword<InstanceBuilder>.Line("no_accept", (b, n, c) => b.Accept = new(c.Flag(n) is not true, n.Location)),
        Keyword<InstanceBuilder>.Line("nopreempt", (b, n, c) => b.NoPreempt = new(c.Flag(n) is true, n.Location)),
        Keyword<InstanceBuilder>.Line("preempt", (b, n, c) => b.NoPreempt = new(c.Flag(n) is not true, n.Location)),
        Keyword<InstanceBuilder>.Line("preempt_delay", (b, n, c) => b.PreemptDelay = Located(c.Time(n, 0, 1000), n) ?? b.PreemptDelay),
        Keyword<InstanceBuilder>.Line("strict_mode", (b, n, c) => b.Strict = c.Bool(n) ?? b.Strict),
        Keyword<InstanceBuilder>.Line("skip_check_adv_addr", (b, n, c) => b.SkipCheckAdvertAddresses = c.Bool(n) ?? b.SkipCheckAdvertAddresses),
        Keyword<InstanceBuilder>.Line("use_vmac", UseVmac),
        Keyword<InstanceBuilder>.Line("use_vmac_addr", (b, n, c) => With(b, c.Flag(n), _ => b.Value with { UseVmacAddress = true })),
        Keyword<InstanceBuilder>.Line("vmac_xmit_base", (b, n, c) => With(b, c.Flag(n), _ => b.Value with { VmacXmitBase = true })),
        Keyword<InstanceBuilder>.Line("garp_master_delay", (b, n, c) => b.GarpMasterDelay = c.Time(n, 0, MaxDelay) ?? b.GarpMasterDelay),
        Keyword<InstanceBuilder>.Line("garp_master_repeat", (b, n, c) => b.GarpMasterRepeat = c.Int(n, 0, 255) ?? b.GarpMasterRepeat),
        Keyword<InstanceBuilder>.Line("garp_lower_prio_delay", (b, n, c) => b.GarpLowerPriorityDelay = c.Time(n, 0, MaxDelay) ?? b.GarpLowerPriorityDelay),
        Keyword<InstanceBuilder>.Line("garp_lower_prio_repeat", (b, n, c) => b.GarpLowerPriorityRepeat = c.Int(n, 0, 255) ?? b.GarpLowerPriorityRepeat),
        Keyword<InstanceBuilder>.Line("garp_master_refresh", (b, n, c) => b.GarpMasterRefresh = c.Time(n, 0, MaxDelay) ?? b.GarpMasterRefresh),
        Keyword<InstanceBuilder>.Line("garp_master_refresh_repeat", (b, n, c) => b.GarpMasterRefreshRepeat = c.Int(n, 1, 255) ?? b.GarpMasterRefreshRepeat),
        Keyword<InstanceBuilder>.Line("garp_extra_if", (b, n, c) => b.GarpExtraIf = GarpExtraIfKeyword.Parse(n, c, min: 0) ?? b.GarpExtraIf),
        Keyword<InstanceBuilder>.Line("vmac_garp_intvl", (b, n, c) => b.GarpExtraIf = GarpExtraIfKeyword.Parse(n, c, min: 0) ?? b.GarpExtraIf),
        Keyword<InstanceBuilder>.Line("down_timer_adverts", (b, n, c) => b.DownTimerAdverts = c.Int(n, 1, 100) ?? b.DownTimerAdverts),
        Keyword<InstanceBuilder>.Line("lower_prio_no_advert", (b, n, c) => b.LowerPriorityNoAdvert = c.Bool(n) ?? b.LowerPriorityNoAdvert),
        Keyword<InstanceBuilder>.Line("higher_prio_send_advert", (b, n, c) => b.HigherPrioritySendAdvert = c.Bool(n) ?? b.HigherPrioritySendAdvert),
        Keyword<InstanceBuilder>.Line("notify_master", (b, n, c) => With(b, ScriptLine.Command(n, c), v => b.Value with { Notify = b.Value.Notify with { Master = v } })),
        Keyword<InstanceBuilder>.Line("notify_backup", (b, n, c) => With(b, ScriptLine.Command(n, c), v => b.Value with { Notify = b.Value.Notify with { Backup = v } })),
        Keyword<InstanceBuilder>.Line("notify_fault", (b, n, c) => With(b, ScriptLine.Command(n, c), v => b.Value with { Notify = b.Value.Notify with { Fault = v } })),
        Keyword<InstanceBuilder>.Line("notify_stop", (b, n, c) => With(b, ScriptLine.Command(n, c), v => b.Value with { Notify = b.Value.Notify with { Stop = v } })),
        Keyword<InstanceBuilder>.Line("notify", (b, n, c) => With(b, ScriptLine.Command(n, c), v => b.Value with { Notify = b.Value.Notify with { Notify = v } })),
        Keyword<InstanceBuilder>.Line("notify_master_rx_lower_pri", (b, n, c) => With(b, ScriptLine.Command(n, c), v => b.Value with { Notify = b.Value.Notify with { MasterRxLowerPriority = v } })),
        Keyword<InstanceBuilder>.Line("notify_deleted", (b, n, c) =>
        {
            if (n.Arguments.Count == 0)
            {
                b.Value = b.Value with { Notify = b.Value.Notify with { DeletedWithoutScript = true } }; // keepalived: the script is optional
                return;
            }

            With(b, ScriptLine.Command(n, c), v => b.Value with { Notify = b.Value.Notify with { Deleted = v } });
        }),
        Keyword<InstanceBuilder>.Line("notify_priority_changes", (b, n, c) => b.NotifyPriorityChanges = c.Bool(n) ?? b.NotifyPriorityChanges),
        Keyword<InstanceBuilder>.Line("smtp_alert", (b, n, c) => With(b, c.Bool(n), v => b.Value with { SmtpAlert = v })),
    ],
    [
        "use_ipvlan", "native_ipv6", "track_bfd", "debug", "kernel_rx_buf_size", "linkbeat_use_polling", "lvs_sync_daemon_interface",
        "old_unicast_checksum",
    ]);

    private static void State(InstanceBuilder builder, ConfigNode node, BindContext context)
    {
        switch (context.Word(node, "MASTER or BACKUP"))
        {
            case "MASTER":
                builder.State = new(InitialState.Master, node.Location);
                break;
            case "BACKUP":
                builder.State = new(InitialState.Backup, node.Location);
                break;
            case { } other:
                context.Error(node.Arguments[0].Location, "invalid-value", $"'state {other}' is not a VRRP start state",
                    "write 'state MASTER' or 'state BACKUP' (in capitals)");
                break;
        }
    }

    private static void Priority(InstanceBuilder builder, ConfigNode node, BindContext context)
    {
        // keepalived 2.2.7 logs "priority is invalid" and silently uses 100 for 0 or >255: fail closed instead.
        if (context.Arg(node, 0, "a priority (1–255)") is not { } token)
        {
            return;
        }

        context.NoMoreThan(node, 1);
        if (!int.TryParse(token.Text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out int value))
        {
            context.Error(token.Location, "invalid-number", $"'priority {token.Text}' is not a number", "write a priority from 1 to 254 (255 only on the address owner)");
            return;
        }

        if (value is < 1 or > 255)
        {
            context.Error(token.Location, "out-of-range", $"'priority {token.Text}' is out of range 1–255; keepalived would silently run this node with priority 100",
                "write a priority from 1 to 254 (255 only on the address owner); give the node that should be master the highest value");
            return;
        }

        builder.Priority = new(value, node.Location);
    }

    private static void SourceAddress(InstanceBuilder builder, ConfigNode node, BindContext context)
    {
        if (context.Ip(node) is { } address)
        {
            builder.Value = builder.Value with { SourceAddress = address };
            builder.SourceAddressLocation = node.Location;
            builder.SourceAddressKeyword = node.Name;
        }
    }

    private static void UseVmac(InstanceBuilder builder, ConfigNode node, BindContext context)
    {
        context.NoMoreThan(node, 2);
        string? name = null, mac = null;
        foreach (ConfigToken word in node.Arguments.Take(2))
        {
            if (word.Text.Contains(':', StringComparison.Ordinal))
            {
                mac = word.Text;
            }
            else
            {
                name = word.Text;
            }
        }

        builder.Value = builder.Value with { UseVmac = new VmacSpec(name, mac, node.Location) };
    }

    private static Located<T>? Located<T>(T? value, ConfigNode node)
        where T : struct => value is { } v ? new Located<T>(v, node.Location) : null;

    private static void With<T>(InstanceBuilder builder, T? value, Func<T, VrrpInstance> apply)
        where T : struct
    {
        if (value is { } v)
        {
            builder.Value = apply(v);
        }
    }

    private static void With<T>(InstanceBuilder builder, T? value, Func<T, VrrpInstance> apply)
        where T : class
    {
        if (value is not null)
        {
            builder.Value = apply(value);
        }
    }
}
