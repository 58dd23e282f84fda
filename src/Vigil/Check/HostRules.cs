using Vigil.Config.Diagnostics;
using Vigil.Config.Model;
using Vigil.Core.Tracking;
using Vigil.Linux.Host;

namespace Vigil.Cli.Check;

/// <summary>
/// What must be true on the host for a configuration to run as written (which <c>vigil run</c> always
/// checks): interfaces exist, scripts exist and are executable, scripts that run as root pass
/// keepalived's script security walk (reliability-rules §1.5), script users exist. keepalived 2.2.7
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

        // keepalived: scripts run as script_user, else keepalived_script if it exists, else root.
        uint defaultUid = globalUser is not null ? host.UserId(globalUser.User) ?? 0 : host.UserId(DefaultScriptUser) ?? 0;
        foreach (VrrpScript script in config.Scripts.Where(s => s.Script.Length > 0))
        {
            uint uid = UserOf(script.User, defaultUid, $"vrrp_script {script.Name}", script.Location, host, diagnostics);
            Script(script.Program, $"vrrp_script {script.Name}", script.Location, uid, config.Global.EnableScriptSecurity, host, diagnostics);
        }

        IEnumerable<ScriptCommand> notify = config.Instances.SelectMany(i => i.Notify.All())
            .Concat(config.SyncGroups.SelectMany(g => g.Notify.All()));
        foreach (ScriptCommand command in notify)
        {
            Script(command.Program, "notify script", command.Location, defaultUid, config.Global.EnableScriptSecurity, host, diagnostics);
        }

        // startup_script / shutdown_script: their own user, else the default script user (keepalived
        // check_start_stop_script_secure).
        foreach ((ScriptCommand? command, string what) in new[] { (config.Global.StartupScript, "startup_script"), (config.Global.ShutdownScript, "shutdown_script") })
        {
            if (command is null)
            {
                continue;
            }

            uint uid = UserOf(command.User, defaultUid, what, command.Location, host, diagnostics);
            Script(command.Program, what, command.Location, uid, config.Global.EnableScriptSecurity, host, diagnostics);
        }

        return diagnostics;
    }

    /// <summary>The uid a script with its own <c>user</c> line runs as (an error when that user does not exist), else the default.</summary>
    private static uint UserOf(ScriptUser? user, uint defaultUid, string what, SourceRef at, HostInspector host, List<Diagnostic> diagnostics)
    {
        if (user is null)
        {
            return defaultUid;
        }

        if (host.UserId(user.User) is { } id)
        {
            return id;
        }

        diagnostics.Add(Error(at, "host-user", $"user '{user.User}' of {what} does not exist on this host", "create the user or name an existing one"));
        return defaultUid;
    }

    private static void Interfaces(KeepalivedConfig config, HostInspector host, List<Diagnostic> diagnostics)
    {
        foreach (VrrpInstance instance in config.Instances)
        {
            if (instance.Interface is { } name && !host.InterfaceExists(name))
            {
                diagnostics.Add(Error(instance.Location, "host-interface", $"interface '{name}' of vrrp_instance {instance.Name} does not exist on this host",
                    "run 'ip -br link' to see this host's interface names and fix 'interface'"));
            }

            foreach (TrackedInterface tracked in instance.TrackInterfaces.Where(t => !host.InterfaceExists(t.Name)))
            {
                diagnostics.Add(Error(tracked.Location, "host-interface", $"tracked interface '{tracked.Name}' does not exist on this host; the instance would stay in FAULT",
                    "fix the name in track_interface (see 'ip -br link')"));
            }

            foreach (AddressEntry vip in instance.VirtualIpAddresses.Where(v => v.Device is not null && !host.InterfaceExists(v.Device)))
            {
                diagnostics.Add(Error(vip.Location, "host-interface", $"interface '{vip.Device}' for {vip.Address} does not exist on this host",
                    "fix 'dev' on this virtual_ipaddress line (see 'ip -br link')"));
            }
        }
    }

    private static void Script(string program, string what, SourceRef at, uint uid, bool security, HostInspector host, List<Diagnostic> diagnostics)
    {
        string? path = program.Contains('/', StringComparison.Ordinal) ? program : host.FindInPath(program);
        if (path is null || host.LinkStatus(path) is null)
        {
            diagnostics.Add(Error(at, "host-script", $"{what}: '{program}' does not exist on this host; keepalived would disable it and run untracked",
                "install the script at that path, or fix the path (use an absolute path)"));
            return;
        }

        string target = HostInspector.ResolveLink(path) ?? path;
        FileStatus? status = host.LinkStatus(target);
        if (status is not { IsRegularFile: true } || !status.Value.IsExecutable)
        {
            diagnostics.Add(Error(at, "host-script", $"{what}: '{path}' is not an executable file; keepalived would silently drop it",
                $"chmod 755 {path} (and give it a #! line)"));
            return;
        }

        if (uid != 0)
        {
            return;
        }

        string? reason = FirstUnsafe(path, host) ?? (target != path ? FirstUnsafe(target, host) : null);
        if (reason is null)
        {
            return;
        }

        string message = $"{what}: {reason}; it runs as root, so anyone who can write it gets root";
        string hint = $"chown root:root and chmod go-w every directory from / down to the script, or set script_user to an unprivileged user";
        diagnostics.Add(security
            ? Error(at, "host-script-security", message + "; with enable_script_security keepalived would disable it", hint)
            : Warning(at, "host-script-security", message, hint));
    }

    /// <summary>lstat() every component from / down and apply keepalived's check_security() rule (<see cref="ScriptSecurity"/>).</summary>
    private static string? FirstUnsafe(string path, HostInspector host)
    {
        var entries = new List<PathEntry>();
        foreach (string component in ScriptSecurity.Components(Path.GetFullPath(path)))
        {
            if (host.LinkStatus(component) is not { } status)
            {
                return $"script '{path}' is insecure: {component} cannot be examined";
            }

            PathEntryType type = status.IsDirectory ? PathEntryType.Directory
                : status.IsRegularFile ? PathEntryType.RegularFile
                : status.IsSymbolicLink ? PathEntryType.Symlink
                : PathEntryType.Other;
            entries.Add(new PathEntry(component, (int)status.Uid, (int)status.Gid, (int)(status.Mode & 0xFFF), type));
        }

        return ScriptSecurity.Check(path, entries);
    }

    private static Diagnostic Error(SourceRef at, string code, string message, string hint) => new(Severity.Error, at.Location, code, message, hint);

    private static Diagnostic Warning(SourceRef at, string code, string message, string hint) => new(Severity.Warning, at.Location, code, message, hint);
}
