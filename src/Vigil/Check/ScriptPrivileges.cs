using Vigil.Config.Model;
using Vigil.Linux.Host;
using Vigil.Linux.Processes;

namespace Vigil.Cli.Check;

/// <summary>
/// The capabilities the configuration's scripts need that this process lacks, one line per script user
/// ("script_user nobody needs CAP_SETUID and CAP_SETGID and CAP_KILL"): a root daemon needs CAP_SETGID to
/// run a script as another group, CAP_SETUID as another user, and CAP_KILL to stop a timed-out script of
/// another user (<see cref="ProcessRunner.CapabilitiesToRunAs"/>). Without them every such script would
/// fail on every run; <c>vigil run</c> refuses to start instead. Unknown users are left to <see cref="HostRules"/>.
/// </summary>
internal static class ScriptPrivileges
{
    private const string DefaultScriptUser = "keepalived_script";

    public static IReadOnlyList<string> Missing(KeepalivedConfig config, HostInspector host)
    {
        ArgumentNullException.ThrowIfNull(config);
        ScriptUser? global = config.Global.ScriptUser;
        (string Label, ScriptUser? User) defaultUser = global is not null ? ($"script_user {Name(global)}", global)
            : host.UserId(DefaultScriptUser) is not null ? ($"the default script user {DefaultScriptUser}", new ScriptUser(DefaultScriptUser, null))
            : ("scripts run as root", null);

        var users = new List<(string Label, ScriptUser? User)>();
        foreach (VrrpScript script in config.Scripts.Where(s => s.Script.Length > 0))
        {
            users.Add(script.User is { } own ? ($"user {Name(own)} of vrrp_script {script.Name}", own) : defaultUser);
        }

        IEnumerable<ScriptCommand> commands = config.Instances.SelectMany(i => i.Notify.All())
            .Concat(config.SyncGroups.SelectMany(g => g.Notify.All()))
            .Concat(config.VirtualServers.SelectMany(v => v.NotifyScripts()))
            .Concat(config.VirtualServers.SelectMany(v => v.CheckScripts()));
        if (config.Global.NotifyFifo is not null && config.Global.NotifyFifoScript is { } fifoScript)
        {
            commands = commands.Append(fifoScript);
        }

        if (config.Global.VrrpNotifyFifo is not null && config.Global.VrrpNotifyFifoScript is { } vrrpFifoScript)
        {
            commands = commands.Append(vrrpFifoScript);
        }

        foreach (ScriptCommand? startStop in new[] { config.Global.StartupScript, config.Global.ShutdownScript })
        {
            if (startStop is not null)
            {
                commands = commands.Append(startStop);
            }
        }

        foreach (ScriptCommand command in commands.Where(c => c.Program.Length > 0))
        {
            users.Add(command.User is { } own ? ($"user {Name(own)} of the script at {command.Location}", own) : defaultUser);
        }

        var lines = new List<string>();
        foreach ((string label, ScriptUser? user) in users.Distinct())
        {
            (int Uid, int Gid)? id = user is null ? (0, 0) : Ids(user, host);
            if (id is not { } ids)
            {
                continue;
            }

            IReadOnlyList<int> missing = ProcessRunner.MissingCapabilitiesToRunAs(ids.Uid, ids.Gid);
            if (missing.Count > 0)
            {
                lines.Add($"{label} needs {string.Join(" and ", missing.Select(Capabilities.Name))}");
            }
        }

        return lines;
    }

    private static string Name(ScriptUser user) => user.Group is null ? user.User : user.User + " " + user.Group;

    private static (int Uid, int Gid)? Ids(ScriptUser user, HostInspector host)
    {
        uint? uid = host.UserId(user.User);
        uint? gid = user.Group is { } group ? host.GroupId(group) : host.PrimaryGroupId(user.User);
        return uid is null || gid is null ? null : ((int)uid.Value, (int)gid.Value);
    }
}
