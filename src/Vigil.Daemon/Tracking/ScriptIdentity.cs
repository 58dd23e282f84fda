using Vigil.Config.Model;
using Vigil.Daemon.Hosting;
using Vigil.Linux.Host;
using Vigil.Linux.Processes;

namespace Vigil.Daemon.Tracking;

/// <summary>
/// Who a script runs as, as keepalived decides it: the script's own <c>user [group]</c>, else the
/// global <c>script_user</c>, else <c>keepalived_script</c> if that user exists, else root. Without a
/// group, the user's primary group. (Only a daemon running as root can switch; see ProcessRunner.)
/// </summary>
internal sealed class ScriptIdentity(GlobalDefs global, HostInspector host)
{
    private const string DefaultScriptUser = "keepalived_script";

    public (int Uid, int Gid) For(ScriptUser? own, SourceRef at)
    {
        ScriptUser? user = own ?? global.ScriptUser ?? (host.UserId(DefaultScriptUser) is null ? null : new ScriptUser(DefaultScriptUser, null));
        if (user is null)
        {
            return (0, 0);
        }

        uint uid = host.UserId(user.User) ?? throw new DaemonSetupException($"{at}: script user '{user.User}' does not exist on this host");
        uint gid = user.Group is { } group
            ? host.GroupId(group) ?? throw new DaemonSetupException($"{at}: script group '{group}' does not exist on this host")
            : host.PrimaryGroupId(user.User) ?? 0;
        return ((int)uid, (int)gid);
    }

    /// <summary>
    /// The run of <paramref name="argv"/> as keepalived's check_script_secure() leaves it: as its user, the
    /// program resolved through every symbolic link (what was checked is what runs, not a path an
    /// unprivileged user could re-point later). Throws <see cref="DaemonSetupException"/> when it must not
    /// run: missing, not executable for its user, or insecure under <c>enable_script_security</c>.
    /// </summary>
    public ScriptRunRequest Request(IReadOnlyList<string> argv, ScriptUser? own, SourceRef at, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(argv);
        (int uid, int gid) = For(own, at);
        ScriptVerdict verdict = ScriptVerdict.Of(argv[0], uid, gid, host);
        if ((verdict.Missing ?? verdict.NotExecutable) is { } problem)
        {
            throw new DaemonSetupException($"{at}: script not run: {problem}");
        }

        if (verdict.Insecure is { } reason && global.EnableScriptSecurity)
        {
            throw new DaemonSetupException($"{at}: script not run: {reason} (enable_script_security)");
        }

        return new ScriptRunRequest(verdict.RunPath ?? argv[0], [.. argv.Skip(1)], uid, gid, timeout);
    }
}
