using System.Globalization;
using System.Text;
using Vigil.Config.Model;

namespace Vigil.Config.Writing;

/// <summary>
/// Writes a model back as keepalived.conf text with every effective value spelled out, so that reading
/// the text again gives an equal model (the round-trip property the tests check). Secrets are written:
/// this produces a configuration, not a report.
/// </summary>
public static class ConfigWriter
{
    public static string Write(KeepalivedConfig config)
    {
        var w = new BlockWriter();
        WriteGlobal(w, config.Global);
        foreach (VrrpScript script in config.Scripts)
        {
            w.Open("vrrp_script", script.Name);
            w.Line("script", Quote(script.Script));
            w.Line("interval", Seconds(script.Interval));
            w.Line("timeout", Seconds(script.Timeout));
            w.Line("weight", Int(script.Weight) + (script.WeightReverse ? " reverse" : ""));
            w.Line("rise", Int(script.Rise));
            w.Line("fall", Int(script.Fall));
            if (script.User is { } user)
            {
                w.Line("user", User(user));
            }

            if (script.InitFail)
            {
                w.Line("init_fail");
            }

            w.Close();
        }

        foreach (TrackFile file in config.TrackFiles)
        {
            w.Open("track_file", file.Name);
            w.Line("file", Quote(file.Path));
            w.Line("weight", Int(file.Weight) + (file.Reverse ? " reverse" : ""));
            if (file.InitFile)
            {
                w.Line("init_file", Int(file.InitValue) + (file.InitOverwrite ? " overwrite" : ""));
            }

            w.Close();
        }

        foreach (TrackProcess process in config.TrackProcesses)
        {
            WriteProcess(w, process);
        }

        foreach (VrrpInstance instance in config.Instances)
        {
            WriteInstance(w, instance);
        }

        foreach (VrrpSyncGroup group in config.SyncGroups)
        {
            WriteSyncGroup(w, group);
        }

        foreach (TrackGroup group in config.TrackGroups)
        {
            w.Open("track_group", group.Name);
            w.List("group", group.Instances);
            w.Close();
        }

        Entries(w, "static_ipaddress", config.StaticIpAddresses, Address);
        Entries(w, "static_routes", config.StaticRoutes, Route);
        Entries(w, "static_rules", config.StaticRules, Rule);
        Entries(w, "linkbeat_interfaces", config.LinkbeatInterfaces, l => $"{l.Name} {l.Method.ToString().ToUpperInvariant()}");
        Entries(w, "interface_up_down_delays", config.InterfaceUpDownDelays, d => $"{d.Interface} {Seconds(d.Down)} {Seconds(d.Up)}");
        foreach (GarpGroup group in config.GarpGroups)
        {
            WriteGarpGroup(w, group);
        }

        return w.ToString();
    }

    private static void WriteGarpGroup(BlockWriter w, GarpGroup group)
    {
        w.Open("garp_group");
        if (group.GarpInterval is { } garp)
        {
            w.Line("garp_interval", Seconds(garp));
        }

        if (group.GnaInterval is { } gna)
        {
            w.Line("gna_interval", Seconds(gna));
        }

        w.List("interfaces", group.Interfaces);
        w.Close();
    }

    private static void WriteGlobal(BlockWriter w, GlobalDefs g)
    {
        w.Open("global_defs");
        if (g.RouterId is not null)
        {
            w.Line("router_id", g.RouterId);
        }

        w.Line("vrrp_version", Int(g.VrrpVersion));
        w.Line("vrrp_mcast_group4", g.McastGroup4.ToString());
        w.Line("vrrp_mcast_group6", g.McastGroup6.ToString());
        w.Line("default_interface", g.DefaultInterface);
        // Before the GARP lines: vrrp_min_garp changes only values still at their defaults, so explicit lines after it win.
        w.Line("vrrp_min_garp", Bool(g.MinGarp));
        w.Line("vrrp_garp_master_delay", Seconds(g.Garp.MasterDelay));
        w.Line("vrrp_garp_master_repeat", Int(g.Garp.MasterRepeat));
        w.Line("vrrp_garp_lower_prio_delay", Seconds(g.Garp.LowerPriorityDelay));
        w.Line("vrrp_garp_lower_prio_repeat", Int(g.Garp.LowerPriorityRepeat));
        w.Line("vrrp_garp_master_refresh", Seconds(g.Garp.MasterRefresh));
        w.Line("vrrp_garp_master_refresh_repeat", Int(g.Garp.MasterRefreshRepeat));
        if (g.Garp.ExtraInterfaceInterval > TimeSpan.Zero)
        {
            w.Line("vrrp_garp_extra_if", GarpExtraIf(g.Garp));
        }
        w.Line("vrrp_garp_interval", Seconds(g.GarpInterval));
        w.Line("vrrp_gna_interval", Seconds(g.GnaInterval));
        w.Line("vrrp_down_timer_adverts", Int(g.DownTimerAdverts));
        w.Line("vrrp_lower_prio_no_advert", Bool(g.LowerPriorityNoAdvert));
        w.Line("vrrp_higher_prio_send_advert", Bool(g.HigherPrioritySendAdvert));
        w.Flag("vrrp_check_unicast_src", g.CheckUnicastSource);
        w.Flag("vrrp_skip_check_adv_addr", g.SkipCheckAdvertAddresses);
        w.Flag("vrrp_strict", g.Strict);
        w.Line("vrrp_notify_priority_changes", Bool(g.NotifyPriorityChanges));
        w.Line("vrrp_startup_delay", Seconds(g.StartupDelay));
        w.Flag("log_unknown_vrids", g.LogUnknownVrids);
        if (g.ScriptUser is { } user)
        {
            w.Line("script_user", User(user));
        }

        w.Flag("enable_script_security", g.EnableScriptSecurity);
        Fifo(w, "notify_fifo", g.NotifyFifo);
        Script(w, "notify_fifo_script", g.NotifyFifoScript);
        Fifo(w, "vrrp_notify_fifo", g.VrrpNotifyFifo);
        Script(w, "vrrp_notify_fifo_script", g.VrrpNotifyFifoScript);
        Script(w, "startup_script", g.StartupScript);
        w.Line("startup_script_timeout", Seconds(g.StartupScriptTimeout));
        Script(w, "shutdown_script", g.ShutdownScript);
        w.Line("shutdown_script_timeout", Seconds(g.ShutdownScriptTimeout));
        w.Line("vmac_prefix", g.VmacPrefix);
        if (g.VmacAddressPrefix is not null)
        {
            w.Line("vmac_addr_prefix", g.VmacAddressPrefix);
        }

        if (g.DynamicInterfaces)
        {
            w.Line("dynamic_interfaces", g.AllowInterfaceChanges ? "allow_if_changes" : null);
        }
        foreach ((string keyword, string? path) in (ReadOnlySpan<(string, string?)>)[("state_dump_file", g.StateDumpFile), ("stats_dump_file", g.StatsDumpFile), ("json_dump_file", g.JsonDumpFile)])
        {
            if (path is not null)
            {
                w.Line(keyword, Quote(path));
            }
        }

        w.Close();
    }

    private static void WriteProcess(BlockWriter w, TrackProcess process)
    {
        w.Open("vrrp_track_process", process.Name);
        w.Line("process", string.Join(' ', process.Parameters.Prepend(process.Process).Select(Quote)));
        if (process.ParamMatch != ProcessParamMatch.Exact)
        {
            w.Line("param_match", process.ParamMatch.ToString().ToLowerInvariant());
        }

        w.Line("weight", Int(process.Weight) + (process.Reverse ? " reverse" : ""));
        w.Line("quorum", Int(process.Quorum));
        if (process.QuorumMax is { } max)
        {
            w.Line("quorum_max", Int(max));
        }

        w.Line("fork_delay", Seconds(process.ForkDelay));
        w.Line("terminate_delay", Seconds(process.TerminateDelay));
        w.Flag("full_command", process.FullCommand);
        w.Close();
    }

    private static void WriteInstance(BlockWriter w, VrrpInstance i)
    {
        w.Open("vrrp_instance", i.Name);
        w.Line("state", i.State == InitialState.Master ? "MASTER" : "BACKUP");
        if (i.Interface is not null)
        {
            w.Line("interface", i.Interface);
        }

        if (i.Vrf is not null)
        {
            w.Line("vrf", i.Vrf);
        }

        w.Line("virtual_router_id", Int(i.VirtualRouterId));
        w.Line("priority", Int(i.Priority));
        w.Line("version", Int(i.Version));
        w.Line("advert_int", Seconds(i.AdvertInterval));
        if (i.Authentication is { } auth)
        {
            w.Open("authentication");
            w.Line("auth_type", auth.Type == AuthType.Ah ? "AH" : "PASS");
            if (auth.Password.Length > 0)
            {
                w.Line("auth_pass", Quote(auth.Password));
            }

            w.Close();
        }

        if (i.SourceAddress is not null)
        {
            w.Line(i.IsUnicast ? "unicast_src_ip" : "mcast_src_ip", i.SourceAddress.ToString());
        }

        if (i.McastDestination is not null)
        {
            w.Line("mcast_dst_ip", i.McastDestination.ToString());
        }

        w.Flag("track_src_ip", i.TrackSourceIp);
        Entries(w, "unicast_peer", i.UnicastPeers, p => p.Address + (p.MinTtl is { } min ? $" min_ttl {Int(min)}" : "") + (p.MaxTtl is { } max ? $" max_ttl {Int(max)}" : ""));
        w.Flag("check_unicast_src", i.CheckUnicastSource);
        w.Flag("unicast_fault_no_peer", i.UnicastFaultNoPeer);
        w.Line("unicast_ttl", Int(i.UnicastTtl));
        Entries(w, "virtual_ipaddress", i.VirtualIpAddresses, Address);
        Entries(w, "virtual_ipaddress_excluded", i.VirtualIpAddressesExcluded, Address);
        Entries(w, "virtual_routes", i.VirtualRoutes, Route);
        Entries(w, "virtual_rules", i.VirtualRules, Rule);
        w.Flag("promote_secondaries", i.PromoteSecondaries);
        Entries(w, "track_interface", i.TrackInterfaces, t => $"{t.Name} weight {Int(t.Weight)}{(t.Reverse ? " reverse" : "")}");
        Entries(w, "track_script", i.TrackScripts, Reference);
        Entries(w, "track_file", i.TrackFiles, Reference);
        Entries(w, "track_process", i.TrackProcesses, Reference);
        w.Flag("dont_track_primary", i.DontTrackPrimary);
        w.Line(i.Accept ? "accept" : "no_accept");
        w.Line(i.Preempt ? "preempt" : "nopreempt");
        w.Line("preempt_delay", Seconds(i.PreemptDelay));
        w.Line("strict_mode", Bool(i.Strict));
        w.Line("skip_check_adv_addr", Bool(i.SkipCheckAdvertAddresses));
        if (i.UseVmac is { } vmac)
        {
            w.Line("use_vmac", string.Join(' ', new[] { vmac.InterfaceName, vmac.MacAddress }.OfType<string>()));
        }

        w.Flag("use_vmac_addr", i.UseVmacAddress);
        w.Flag("vmac_xmit_base", i.VmacXmitBase);
        w.Line("garp_master_delay", Seconds(i.Garp.MasterDelay));
        w.Line("garp_master_repeat", Int(i.Garp.MasterRepeat));
        w.Line("garp_lower_prio_delay", Seconds(i.Garp.LowerPriorityDelay));
        w.Line("garp_lower_prio_repeat", Int(i.Garp.LowerPriorityRepeat));
        w.Line("garp_master_refresh", Seconds(i.Garp.MasterRefresh));
        w.Line("garp_master_refresh_repeat", Int(i.Garp.MasterRefreshRepeat));
        if (i.Garp.ExtraInterfaceInterval > TimeSpan.Zero)
        {
            w.Line("garp_extra_if", GarpExtraIf(i.Garp));
        }
        w.Line("down_timer_adverts", Int(i.DownTimerAdverts));
        w.Line("lower_prio_no_advert", Bool(i.LowerPriorityNoAdvert));
        w.Line("higher_prio_send_advert", Bool(i.HigherPrioritySendAdvert));
        Notify(w, i.Notify);
        w.Line("notify_priority_changes", Bool(i.NotifyPriorityChanges));
        w.Line("smtp_alert", Bool(i.SmtpAlert));
        w.Close();
    }

    private static void WriteSyncGroup(BlockWriter w, VrrpSyncGroup g)
    {
        w.Open("vrrp_sync_group", g.Name);
        w.List("group", g.Instances);
        Entries(w, "track_interface", g.TrackInterfaces, t => $"{t.Name} weight {Int(t.Weight)}{(t.Reverse ? " reverse" : "")}");
        Entries(w, "track_script", g.TrackScripts, Reference);
        Entries(w, "track_file", g.TrackFiles, Reference);
        Entries(w, "track_process", g.TrackProcesses, Reference);
        Notify(w, g.Notify);
        if (g.NotifyPriorityChanges is bool notifyPriorityChanges)
        {
            w.Line("notify_priority_changes", Bool(notifyPriorityChanges));
        }

        w.Line("smtp_alert", Bool(g.SmtpAlert));
        w.Flag("sync_group_tracking_weight", g.SyncGroupTrackingWeight);
        w.Close();
    }

    private static void Notify(BlockWriter w, NotifyScripts n)
    {
        Script(w, "notify_master", n.Master);
        Script(w, "notify_backup", n.Backup);
        Script(w, "notify_fault", n.Fault);
        Script(w, "notify_stop", n.Stop);
        Script(w, "notify", n.Notify);
        Script(w, "notify_master_rx_lower_pri", n.MasterRxLowerPriority);
        Script(w, "notify_deleted", n.Deleted);
        w.Flag("notify_deleted", n.Deleted is null && n.DeletedWithoutScript);
    }

    private static string Address(AddressEntry a)
    {
        var s = new StringBuilder($"{a.Address}/{Int(a.PrefixLength)}");
        Option(s, "brd", a.Broadcast);
        Option(s, "dev", a.Device);
        Option(s, "scope", a.Scope);
        Option(s, "label", a.Label);
        Option(s, "peer", a.Peer?.ToString());
        Option(s, "preferred_lft", a.PreferredLifetime);
        Option(s, "track_group", a.TrackGroup);
        Flag(s, "home", a.Home);
        Flag(s, "-nodad", a.NoDad);
        Flag(s, "mngtmpaddr", a.ManageTemporaryAddress);
        Flag(s, "noprefixroute", a.NoPrefixRoute);
        Flag(s, "autojoin", a.AutoJoin);
        Flag(s, "no_track", a.NoTrack);
        Flag(s, "use_vmac", a.UseVmac);
        return s.ToString();
    }

    private static string Route(RouteEntry r)
    {
        var s = new StringBuilder();
        Option(s, "src", r.Source?.ToString());
        if (r.Type is not null)
        {
            s.Append(' ').Append(r.Type);
        }

        s.Append(' ').Append(r.Destination);
        Option(s, "via", r.Via?.ToString());
        Option(s, "or", r.Or?.ToString());
        Option(s, "dev", r.Device);
        Option(s, "scope", r.Scope);
        Option(s, "table", r.Table);
        Option(s, "metric", r.Metric?.ToString(CultureInfo.InvariantCulture));
        Flag(s, "no_track", r.NoTrack);
        Option(s, "track_group", r.TrackGroup);
        foreach (string option in r.Options)
        {
            s.Append(' ').Append(option);
        }

        return s.ToString().TrimStart();
    }

    private static string Rule(RuleEntry r)
    {
        var s = new StringBuilder();
        Option(s, "from", r.From);
        Option(s, "to", r.To);
        Option(s, "table", r.Table);
        Option(s, "preference", r.Preference?.ToString(CultureInfo.InvariantCulture));
        Option(s, "iif", r.InputInterface);
        Option(s, "oif", r.OutputInterface);
        Option(s, "fwmark", r.Fwmark);
        Flag(s, "inet6", r.Inet6);
        Flag(s, "no_track", r.NoTrack);
        Option(s, "track_group", r.TrackGroup);
        foreach (string option in r.Options)
        {
            s.Append(' ').Append(option);
        }

        return s.ToString().TrimStart();
    }

    private static string Reference(TrackReference t) =>
        t.Name + (t.Weight is { } weight ? $" weight {Int(weight)}{(t.Reverse ? " reverse" : "")}" : "");

    private static void Entries<T>(BlockWriter w, string keyword, ValueArray<T> items, Func<T, string> line)
    {
        if (items.IsEmpty)
        {
            return;
        }

        w.Open(keyword);
        foreach (T item in items)
        {
            w.Raw(line(item));
        }

        w.Close();
    }

    private static void Script(BlockWriter w, string keyword, ScriptCommand? script)
    {
        if (script is not null)
        {
            w.Line(keyword, Quote(script.Command) + (script.User is { } user ? " " + User(user) : ""));
        }
    }

    private static void Fifo(BlockWriter w, string keyword, FifoSpec? fifo)
    {
        if (fifo is not null)
        {
            w.Line(keyword, Quote(fifo.Path) + (fifo.Owner is { } owner ? " " + User(owner) : ""));
        }
    }

    private static string User(ScriptUser user) => user.Group is null ? user.User : $"{user.User} {user.Group}";

    private static void Option(StringBuilder s, string name, string? value)
    {
        if (value is not null)
        {
            s.Append(' ').Append(name).Append(' ').Append(value);
        }
    }

    private static void Flag(StringBuilder s, string name, bool value)
    {
        if (value)
        {
            s.Append(' ').Append(name);
        }
    }

    private static string Quote(string text) => "\"" + text + "\"";

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string GarpExtraIf(GarpSettings garp) => (garp.ExtraInterfaceAll ? "all " : "") + Int((int)garp.ExtraInterfaceInterval.TotalSeconds);

    private static string Bool(bool value) => value ? "on" : "off";

    private static string Seconds(TimeSpan value) =>
        ((decimal)value.Ticks / TimeSpan.TicksPerSecond).ToString("0.#######", CultureInfo.InvariantCulture);
}
