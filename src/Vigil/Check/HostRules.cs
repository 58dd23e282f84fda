using Vigil.Config.Diagnostics;
using Vigil.Config.Model;
using Vigil.Daemon.Tracking;
using Vigil.Linux.Host;

namespace Vigil.Cli.Check;

/// <summary>
/// What must be true on the host for a configuration to run as written (which <c>vigil run</c> always
/// checks): interfaces exist, scripts (track, notify, FIFO) exist and are executable for their user,
/// scripts that need protection (run as uid 0 or gid 0, or setuid/setgid-root programs) pass keepalived's
/// script security walk along every symbolic link (reliability-rules §1.5), script users exist. keepalived 2.2.7
/// disables a missing, non-executable or insecure script and runs the instance untracked: errors here.
/// </summary>
internal static class HostRules
{
    private const string DefaultScriptUser = "keepalived_script";

    public static IEnumerable<Diagnostic> Check(KeepalivedConfig config, HostInspector host)
    {
        var diagnostics = new List<Diagnostic>();
        Interfaces(config, host, diagnostics);
        if (!config.VirtualServers.IsEmpty && !Vigil.Linux.Ipvs.IpvsClient.IsAvailable(out string? reason))
        {
            diagnostics.Add(Error(config.VirtualServers[0].Location, "host-ipvs",
                $"{config.VirtualServers.Count} virtual_server block(s) need IPVS, which this kernel does not offer ({reason})",
                "load the ip_vs kernel module (modprobe ip_vs; on boot: echo ip_vs > /etc/modules-load.d/ipvs.conf), or remove the virtual_server blocks"));
        }

        ScriptUser? globalUser = config.Global.ScriptUser;
        if (globalUser is not null && host.UserId(globalUser.User) is null)
        {
            diagnostics.Add(Error(config.Global.Location, "host-user", $"script_user '{globalUser.User}' does not exist on this host; keepalived would not run any script",
                $"create the user (useradd -r -s /usr/sbin/nologin {globalUser.User}) or name an existing one"));
        }

        // keepalived: scripts run as their own user, else script_user, else keepalived_script if it
        // exists, else root; without a group, the user's primary group.
        ScriptUser? defaultUser = globalUser ?? (host.UserId(DefaultScriptUser) is null ? null : new ScriptUser(DefaultScriptUser, null));
        bool security = config.Global.EnableScriptSecurity;
        foreach (VrrpScript script in config.Scripts.Where(s => s.Script.Length > 0))
        {
            if (Identity(script.User ?? defaultUser, $"vrrp_script {script.Name}", script.Location, host, diagnostics) is { } id)
            {
                Script(script.Program, $"vrrp_script {script.Name}", script.Location, id, security, host, diagnostics);
            }
        }

        IEnumerable<ScriptCommand> notify = config.Instances.SelectMany(i => i.Notify.All())
            .Concat(config.SyncGroups.SelectMany(g => g.Notify.All()))
            .Concat(config.VirtualServers.SelectMany(v => v.NotifyScripts()));
        foreach (ScriptCommand command in notify)
        {
            Command(command, "notify script", defaultUser, security, host, diagnostics);
        }

        foreach (ScriptCommand command in config.VirtualServers.SelectMany(v => v.CheckScripts()))
        {
            Command(command, "MISC_CHECK misc_path", defaultUser, security, host, diagnostics);
        }

        if (config.Global.NotifyFifo is not null && config.Global.NotifyFifoScript is { } fifoScript)
        {
            Command(fifoScript, "notify_fifo_script", defaultUser, security, host, diagnostics);
        }

        if (config.Global.VrrpNotifyFifo is not null && config.Global.VrrpNotifyFifoScript is { } vrrpFifoScript)
        {
            Command(vrrpFifoScript, "vrrp_notify_fifo_script", defaultUser, security, host, diagnostics);
        }

        // startup_script / shutdown_script: their own user, else the default script user (keepalived
        // check_start_stop_script_secure).
        foreach ((ScriptCommand? command, string what) in new[] { (config.Global.StartupScript, "startup_script"), (config.Global.ShutdownScript, "shutdown_script") })
        {
            if (command is null)
            {
                continue;
            }

            Command(command, what, defaultUser, security, host, diagnostics);
        }

        return diagnostics;
    }

    private static void Interfaces(KeepalivedConfig config, HostInspector host, List<Diagnostic> diagnostics)
    {
        // keepalived 2.2.7 refuses a missing interface ("Non-existent interface specified in configuration") unless
        // global_defs has dynamic_interfaces: then the instance starts in FAULT and follows the interface once created.
        bool dynamic = config.Global.DynamicInterfaces;
        // Asked once per name: a thousand instances share a few interfaces, and this runs before `vigil run` opens any socket.
        var known = new Dictionary<string, bool>(StringComparer.Ordinal);
        bool Exists(string name) => known.TryGetValue(name, out bool exists) ? exists : known[name] = host.InterfaceExists(name);
        foreach (VrrpInstance instance in config.Instances)
        {
            if (instance.Interface is { } name && !Exists(name))
            {
                diagnostics.Add(dynamic
                    ? Warning(instance.Location, "host-interface", $"interface '{name}' of vrrp_instance {instance.Name} does not exist on this host; with dynamic_interfaces the instance starts in FAULT until it is created",
                        "nothing to do if something creates it later; else fix 'interface' (see 'ip -br link')")
                    : Error(instance.Location, "host-interface", $"interface '{name}' of vrrp_instance {instance.Name} does not exist on this host",
                        "run 'ip -br link' to see this host's interface names and fix 'interface', or set dynamic_interfaces in global_defs if it is created after vigil starts"));
            }

            foreach (TrackedInterface tracked in instance.TrackInterfaces.Where(t => !Exists(t.Name)))
            {
                diagnostics.Add(dynamic
                    ? Warning(tracked.Location, "host-interface", $"tracked interface '{tracked.Name}' does not exist on this host; with dynamic_interfaces it counts as down until it is created",
                        "nothing to do if something creates it later; else fix the name in track_interface (see 'ip -br link')")
                    : Error(tracked.Location, "host-interface", $"tracked interface '{tracked.Name}' does not exist on this host; the instance would stay in FAULT",
                        "fix the name in track_interface (see 'ip -br link'), or set dynamic_interfaces in global_defs if it is created after vigil starts"));
            }

            // A VIP's or virtual_route's 'dev' is tracked (keepalived TRACK_ADDR/TRACK_ROUTE): with dynamic_interfaces a missing
            // one holds the instance in FAULT until it is created; with no_track nothing would, and vigil run refuses it.
            var devices = instance.VirtualIpAddresses.Concat(instance.VirtualIpAddressesExcluded).Select(v => (v.Device, v.NoTrack, v.Location, What: $"{v.Address}"))
                .Concat(instance.VirtualRoutes.Select(r => (r.Device, r.NoTrack, r.Location, What: $"route {r.Destination}")));
            foreach ((string? device, bool noTrack, SourceRef at, string what) in devices)
            {
                if (device is null || device == instance.Interface || Exists(device))
                {
                    continue;
                }

                diagnostics.Add(dynamic && !noTrack
                    ? Warning(at, "host-interface", $"interface '{device}' for {what} does not exist on this host; with dynamic_interfaces vrrp_instance {instance.Name} stays in FAULT until it is created",
                        "nothing to do if something creates it later; else fix 'dev' (see 'ip -br link')")
                    : Error(at, "host-interface", $"interface '{device}' for {what} does not exist on this host",
                        dynamic ? "remove no_track (the instance then waits in FAULT until the interface is created) or fix 'dev' (see 'ip -br link')"
                            : "fix 'dev' on this line (see 'ip -br link'), or set dynamic_interfaces in global_defs if it is created after vigil starts"));
            }
        }
    }

    private static void Command(ScriptCommand command, string what, ScriptUser? defaultUser, bool security, HostInspector host, List<Diagnostic> diagnostics)
    {
        if (command.Program.Length > 0 && Identity(command.User ?? defaultUser, what, command.Location, host, diagnostics) is { } id)
        {
            Script(command.Program, what, command.Location, id, security, host, diagnostics);
        }
    }

    private static (int Uid, int Gid)? Identity(ScriptUser? user, string what, SourceRef at, HostInspector host, List<Diagnostic> diagnostics)
    {
        if (user is null)
        {
            return (0, 0);
        }

        if (host.UserId(user.User) is not { } uid)
        {
            diagnostics.Add(Error(at, "host-user", $"user '{user.User}' of {what} does not exist on this host", "create the user or name an existing one"));
            return null;
        }

        uint? gid = user.Group is { } group ? host.GroupId(group) : host.PrimaryGroupId(user.User);
        if (gid is null)
        {
            diagnostics.Add(Error(at, "host-user", $"group '{user.Group}' of {what} does not exist on this host", "create the group or name an existing one"));
            return null;
        }

        return ((int)uid, (int)gid.Value);
    }

    /// <summary>keepalived's check_script_secure() (<see cref="ScriptVerdict"/>): found, executable for its user, and safe when it needs protection.</summary>
    private static void Script(string program, string what, SourceRef at, (int Uid, int Gid) id, bool security, HostInspector host, List<Diagnostic> diagnostics)
    {
        ScriptVerdict verdict = ScriptVerdict.Of(program, id.Uid, id.Gid, host);
        if (verdict.Missing is { } missing)
        {
            diagnostics.Add(Error(at, "host-script", $"{what}: '{program}' does not exist on this host ({missing}); keepalived would disable it and run untracked",
                "install the script at that path, or fix the path (use an absolute path)"));
            return;
        }

        if (verdict.NotExecutable is { } notExecutable)
        {
            diagnostics.Add(Error(at, "host-script", $"{what}: {notExecutable}; keepalived would silently drop it",
                $"chmod 755 {program} (and give it a #! line)"));
            return;
        }

        if (verdict.Insecure is not { } reason)
        {
            return;
        }

        string who = id.Uid == 0 ? "it runs as root" : id.Gid == 0 ? "it runs with group root (gid 0)" : "it is a setuid/setgid-root program";
        string message = $"{what}: {reason}; {who}, so anyone who can write it gets root";
        string hint = "chown root:root and chmod go-w every directory from / down to the script and along every symbolic link to it, or set script_user to an unprivileged user";
        diagnostics.Add(security
            ? Error(at, "host-script-security", message + "; with enable_script_security keepalived would disable it", hint)
            : Warning(at, "host-script-security", message, hint));
    }

    private static Diagnostic Error(SourceRef at, string code, string message, string hint) => new(Severity.Error, at.Location, code, message, hint);

    private static Diagnostic Warning(SourceRef at, string code, string message, string hint) => new(Severity.Warning, at.Location, code, message, hint);
}
