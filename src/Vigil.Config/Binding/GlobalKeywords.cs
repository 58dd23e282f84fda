using Vigil.Config.Model;

namespace Vigil.Config.Binding;

/// <summary>
/// <c>global_defs</c> (keepalived.conf(5) "Global definitions"): the keywords that affect the VRRP side
/// are bound; the rest (LVS, SNMP, D-Bus, e-mail, process tuning, …) are known and reported as not implemented.
/// </summary>
internal static class GlobalKeywords
{
    private const decimal MaxDelay = 86400;

    public static KeywordTable<GlobalBuilder> Table { get; } = new("global_defs",
    [
        Keyword<GlobalBuilder>.Line("router_id", (b, n, c) => Set(b, c.Word(n, "a name"), v => b.Value with { RouterId = v })),
        Keyword<GlobalBuilder>.Line("vrrp_version", (b, n, c) => Set(b, c.Int(n, 2, 3, "2 or 3"), v => b.Value with { VrrpVersion = v })),
        Keyword<GlobalBuilder>.Line("vrrp_mcast_group4", (b, n, c) => Set(b, Multicast(n, c, v6: false), v => b.Value with { McastGroup4 = v })),
        Keyword<GlobalBuilder>.Line("vrrp_mcast_group6", (b, n, c) => Set(b, Multicast(n, c, v6: true), v => b.Value with { McastGroup6 = v })),
        Keyword<GlobalBuilder>.Line("lvs_sync_daemon", (b, n, c) =>
        {
            if (b.Value.LvsSyncDaemon is { } earlier)
            {
                c.Warning(n.Location, "duplicate-setting", $"lvs_sync_daemon is already set at {earlier.Location}; this line is ignored, as in keepalived", "keep one lvs_sync_daemon line");
                return;
            }

            Set(b, LvsSyncDaemonKeyword.Bind(n, c), v => b.Value with { LvsSyncDaemon = v });
        }),
        Keyword<GlobalBuilder>.Line("default_interface", (b, n, c) => Set(b, c.Word(n, "an interface"), v => b.Value with { DefaultInterface = v })),
        Keyword<GlobalBuilder>.Line("vrrp_garp_master_delay", (b, n, c) => Set(b, c.Time(n, 0, MaxDelay), v => b.Value with { Garp = b.Value.Garp with { MasterDelay = v } })),
        Keyword<GlobalBuilder>.Line("vrrp_garp_master_repeat", (b, n, c) => Set(b, c.Int(n, 0, 255), v => b.Value with { Garp = b.Value.Garp with { MasterRepeat = v } })),
        Keyword<GlobalBuilder>.Line("vrrp_garp_lower_prio_delay", (b, n, c) => b.GarpLowerPriorityDelay = c.Time(n, 0, MaxDelay) ?? b.GarpLowerPriorityDelay),
        Keyword<GlobalBuilder>.Line("vrrp_garp_lower_prio_repeat", (b, n, c) => b.GarpLowerPriorityRepeat = c.Int(n, 0, 255) ?? b.GarpLowerPriorityRepeat),
        Keyword<GlobalBuilder>.Line("vrrp_garp_master_refresh", (b, n, c) => Set(b, c.Time(n, 0, MaxDelay), v => b.Value with { Garp = b.Value.Garp with { MasterRefresh = v } })),
        Keyword<GlobalBuilder>.Line("vrrp_garp_master_refresh_repeat", (b, n, c) => Set(b, c.Int(n, 1, 255), v => b.Value with { Garp = b.Value.Garp with { MasterRefreshRepeat = v } })),
        Keyword<GlobalBuilder>.Line("vrrp_garp_extra_if", (b, n, c) => Set(b, GarpExtraIfKeyword.Parse(n, c, min: 1), v => b.Value with { Garp = b.Value.Garp with { ExtraInterfaceInterval = v.Interval, ExtraInterfaceAll = v.All } })),
        Keyword<GlobalBuilder>.Line("vrrp_garp_interval", (b, n, c) => Set(b, c.Time(n, 0, 1), v => b.Value with { GarpInterval = v })),
        Keyword<GlobalBuilder>.Line("vrrp_gna_interval", (b, n, c) => Set(b, c.Time(n, 0, 1), v => b.Value with { GnaInterval = v })),
        Keyword<GlobalBuilder>.Line("vrrp_rt_priority", (b, n, c) => Set(b, c.Int(n, 1, 99, "a realtime priority 1..99"), v => b.Value with { RealtimePriority = v })),
        Keyword<GlobalBuilder>.Line("vrrp_min_garp", (b, n, c) => Set(b, c.Bool(n), v => b.Value with { MinGarp = v, Garp = v ? MinGarp(b.Value.Garp) : b.Value.Garp })),
        Keyword<GlobalBuilder>.Line("vrrp_down_timer_adverts", (b, n, c) => Set(b, c.Int(n, 1, 100), v => b.Value with { DownTimerAdverts = v })),
        Keyword<GlobalBuilder>.Line("vrrp_lower_prio_no_advert", (b, n, c) => Set(b, c.Bool(n), v => b.Value with { LowerPriorityNoAdvert = v })),
        Keyword<GlobalBuilder>.Line("vrrp_higher_prio_send_advert", (b, n, c) => Set(b, c.Bool(n), v => b.Value with { HigherPrioritySendAdvert = v })),
        Keyword<GlobalBuilder>.Line("vrrp_check_unicast_src", (b, n, c) => Set(b, c.Flag(n), _ => b.Value with { CheckUnicastSource = true })),
        Keyword<GlobalBuilder>.Line("vrrp_skip_check_adv_addr", (b, n, c) => Set(b, c.Flag(n), _ => b.Value with { SkipCheckAdvertAddresses = true })),
        Keyword<GlobalBuilder>.Line("vrrp_strict", (b, n, c) => Set(b, c.Flag(n), _ => b.Value with { Strict = true })),
        Keyword<GlobalBuilder>.Line("vrrp_notify_priority_changes", (b, n, c) => Set(b, c.Bool(n), v => b.Value with { NotifyPriorityChanges = v })),
        Keyword<GlobalBuilder>.Line("vrrp_startup_delay", (b, n, c) => Set(b, c.Time(n, 0, 3600), v => b.Value with { StartupDelay = v })),
        Keyword<GlobalBuilder>.Line("log_unknown_vrids", (b, n, c) => Set(b, c.Flag(n), _ => b.Value with { LogUnknownVrids = true })),
        Keyword<GlobalBuilder>.Line("script_user", (b, n, c) => Set(b, ScriptUserOf(n, c), v => b.Value with { ScriptUser = v })),
        Keyword<GlobalBuilder>.Line("enable_script_security", (b, n, c) => Set(b, c.Flag(n), _ => b.Value with { EnableScriptSecurity = true })),
        Keyword<GlobalBuilder>.Line("notify_fifo", (b, n, c) => Set(b, ScriptLine.Fifo(n, c), v => b.Value with { NotifyFifo = v })),
        Keyword<GlobalBuilder>.Line("notify_fifo_script", (b, n, c) => Set(b, ScriptLine.Command(n, c), v => b.Value with { NotifyFifoScript = v })),
        Keyword<GlobalBuilder>.Line("vrrp_notify_fifo", (b, n, c) => Set(b, ScriptLine.Fifo(n, c), v => b.Value with { VrrpNotifyFifo = v })),
        Keyword<GlobalBuilder>.Line("vrrp_notify_fifo_script", (b, n, c) => Set(b, ScriptLine.Command(n, c), v => b.Value with { VrrpNotifyFifoScript = v })),
        Keyword<GlobalBuilder>.Line("startup_script", (b, n, c) => Set(b, ScriptLine.Command(n, c), v => b.Value with { StartupScript = v })),
        Keyword<GlobalBuilder>.Line("startup_script_timeout", (b, n, c) => Set(b, c.Time(n, 1, 1000), v => b.Value with { StartupScriptTimeout = v })),
        Keyword<GlobalBuilder>.Line("shutdown_script", (b, n, c) => Set(b, ScriptLine.Command(n, c), v => b.Value with { ShutdownScript = v })),
        Keyword<GlobalBuilder>.Line("shutdown_script_timeout", (b, n, c) => Set(b, c.Time(n, 1, 1000), v => b.Value with { ShutdownScriptTimeout = v })),
        Keyword<GlobalBuilder>.Line("vmac_prefix", (b, n, c) => Set(b, c.Word(n, "a prefix"), v => b.Value with { VmacPrefix = v })),
        Keyword<GlobalBuilder>.Line("vmac_addr_prefix", (b, n, c) => Set(b, c.Word(n, "a prefix"), v => b.Value with { VmacAddressPrefix = v })),
        Keyword<GlobalBuilder>.Line("state_dump_file", (b, n, c) => Set(b, DumpPath(n, c), v => b.Value with { StateDumpFile = v })),
        Keyword<GlobalBuilder>.Line("stats_dump_file", (b, n, c) => Set(b, DumpPath(n, c), v => b.Value with { StatsDumpFile = v })),
        Keyword<GlobalBuilder>.Line("json_dump_file", (b, n, c) => Set(b, DumpPath(n, c), v => b.Value with { JsonDumpFile = v })),
        Keyword<GlobalBuilder>.Line("include_check", (_, _, _) => { }), // applied by the reader (Preprocessor.ApplyIncludeCheck) while the file is read
        Keyword<GlobalBuilder>.Line("dynamic_interfaces", (b, n, c) =>
        {
            // keepalived 2.2.7 global_parser.c: one optional word, allow_if_changes; any other is a configuration error.
            c.NoMoreThan(n, 1);
            bool allowChanges = n.Arguments.Count > 0 && n.Arguments[0].Text == "allow_if_changes";
            if (n.Arguments.Count > 0 && !allowChanges)
            {
                c.Error(n.Arguments[0].Location, "invalid-value", $"unknown dynamic_interfaces option '{n.Arguments[0].Text}'", "the only option is allow_if_changes; write 'dynamic_interfaces' or 'dynamic_interfaces allow_if_changes'");
            }

            b.Value = b.Value with { DynamicInterfaces = true, AllowInterfaceChanges = allowChanges };
        }),
    ],
    [
        "notification_email", "notification_email_from", "smtp_server", "smtp_helo_name", "smtp_connect_timeout", "smtp_alert",
        "smtp_alert_vrrp", "smtp_alert_checker", "no_email_faults", "no_checker_emails", "enable_snmp_vrrp", "enable_snmp_rfc",
        "enable_snmp_rfcv2", "enable_snmp_rfcv3", "enable_snmp_checker", "enable_traps", "snmp_socket", "enable_dbus",
        "dbus_service_name", "max_auto_priority", "min_auto_priority_delay", "vrrp_priority", "vrrp_no_swap", "vrrp_cpu_affinity",
        "vrrp_rlimit_rttime", "checker_priority", "checker_no_swap", "checker_cpu_affinity", "checker_rt_priority",
        "checker_rlimit_rttime", "checker_process_name", "checker_log_all_failures", "bfd_priority", "bfd_no_swap", "bfd_cpu_affinity",
        "bfd_rt_priority", "bfd_rlimit_rttime", "bfd_process_name", "vrrp_process_name", "process_name", "process_names",
        "net_namespace", "net_namespace_ipvs", "namespace_with_ipsets", "instance", "use_pid_dir", "child_wait_time",
        "tmp_config_directory", "config_save_dir", "random_seed", "reload_check_config", "reload_time_file", "reload_repeat",
        "reload_file", "data_use_instance", "umask", "lvs_timeouts", "lvs_flush", "lvs_flush_on_stop",
        "lvs_notify_fifo", "lvs_notify_fifo_script", "lvs_netlink_cmd_rcv_bufs", "lvs_netlink_cmd_rcv_bufs_force",
        "lvs_netlink_monitor_rcv_bufs", "lvs_netlink_monitor_rcv_bufs_force", "vrrp_iptables", "vrrp_ipsets", "nftables",
        "nftables_priority", "nftables_counters", "nftables_ifindex", "nftables_ipvs", "nftables_ipvs_priority",
        "nftables_ipvs_start_fwmark", "disable_local_igmp", "vrrp_netlink_cmd_rcv_bufs",
        "vrrp_netlink_cmd_rcv_bufs_force", "vrrp_netlink_monitor_rcv_bufs", "vrrp_netlink_monitor_rcv_bufs_force",
        "vrrp_rx_bufs_policy", "vrrp_rx_bufs_multiplier", "linkbeat_use_polling", "fifo_write_vrrp_states_on_reload",
        "rs_init_notifies", "process_monitor_rcv_bufs", "process_monitor_rcv_bufs_force",
        "lvs_id", "router_id_from_hostname",
    ]);

    /// <summary>
    /// keepalived vrrp_min_garp_handler: one GARP/NA on becoming master and no second burst or refresh. Only values
    /// still at their defaults change (a vrrp_garp_* line before it wins, one after it overrides it); the
    /// lower-priority burst, unless set, copies the master values, so it too is one message. (keepalived also zeroes
    /// an unset refresh repeat, which only matters with a refresh interval that it leaves off.)
    /// </summary>
    private static GarpSettings MinGarp(GarpSettings garp) => garp with
    {
        MasterRepeat = garp.MasterRepeat == GarpSettings.Default.MasterRepeat ? 1 : garp.MasterRepeat,
        MasterDelay = garp.MasterDelay == GarpSettings.Default.MasterDelay ? TimeSpan.Zero : garp.MasterDelay,
    };

    private static void Set<T>(GlobalBuilder builder, T? value, Func<T, GlobalDefs> apply)
        where T : struct
    {
        if (value is { } v)
        {
            builder.Value = apply(v);
        }
    }

    private static void Set<T>(GlobalBuilder builder, T? value, Func<T, GlobalDefs> apply)
        where T : class
    {
        if (value is not null)
        {
            builder.Value = apply(value);
        }
    }

    private static ScriptUser? ScriptUserOf(Vigil.Config.Syntax.ConfigNode node, BindContext context)
    {
        context.NoMoreThan(node, 2);
        return context.Arg(node, 0, "a user name") is null ? null : ScriptLine.User(node, 0);
    }

    /// <summary>
    /// The dump file keywords take one absolute file path: the daemon's working directory is not something
    /// an operator should have to know, and keepalived 2.3.3 resolves relative names against its own
    /// directory for temporary files, which Vigil does not have.
    /// </summary>
    private static string? DumpPath(Vigil.Config.Syntax.ConfigNode node, BindContext context)
    {
        if (context.Word(node, "an absolute file path") is not { } path)
        {
            return null;
        }

        if (!path.StartsWith('/') || path.EndsWith('/'))
        {
            context.Error(node.Arguments[0].Location, "invalid-value", $"'{node.Name} {path}' is not an absolute file path",
                $"write a full path to a file, such as '{node.Name} /run/vigil/{DefaultDumpName(node.Name)}'");
            return null;
        }

        return path;
    }

    private static string DefaultDumpName(string keyword) => keyword switch
    {
        "state_dump_file" => "keepalived.data",
        "stats_dump_file" => "keepalived.stats",
        _ => "keepalived.json",
    };

    private static System.Net.IPAddress? Multicast(Vigil.Config.Syntax.ConfigNode node, BindContext context, bool v6)
    {
        if (context.Ip(node, "a multicast address") is not { } address)
        {
            return null;
        }

        bool isV6 = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        bool multicast = isV6 ? address.IsIPv6Multicast : address.GetAddressBytes()[0] is >= 224 and <= 239;
        if (isV6 != v6 || !multicast)
        {
            context.Error(node.Arguments[0].Location, "invalid-address", $"'{node.Name} {address}' is not an IPv{(v6 ? 6 : 4)} multicast address",
                v6 ? "write an ff02:: group such as ff02::12 (the default)" : "write a 224.0.0.0/4 group such as 224.0.0.18 (the default)");
            return null;
        }

        return address;
    }
}
