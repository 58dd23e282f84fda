using Vigil.Linux.Host;

namespace Vigil.Linux.Processes;

/// <summary>
/// Who the daemon is (effective uid, gid, capabilities), and therefore which script identities it can
/// take on: only a root daemon switches user; switching needs CAP_SETGID (setresgid and setgroups), and
/// CAP_SETUID for another uid; stopping a timed-out script of another uid needs CAP_KILL.
/// </summary>
internal readonly record struct LaunchIdentity(uint Uid, uint Gid, ulong Capabilities)
{
    public static LaunchIdentity Current() => new(HostInspector.EffectiveUserId, Host.Capabilities.EffectiveGroupId, Host.Capabilities.Effective());

    public bool Switches(int uid, int gid) => Uid == 0 && (uid != (int)Uid || gid != (int)Gid);

    public IReadOnlyList<int> Needed(int uid, int gid)
    {
        if (!Switches(uid, gid))
        {
            return [];
        }

        return uid != (int)Uid
            ? [Host.Capabilities.SetUid, Host.Capabilities.SetGid, Host.Capabilities.Kill]
            : [Host.Capabilities.SetGid];
    }

    public IReadOnlyList<int> Missing(int uid, int gid)
    {
        ulong capabilities = Capabilities;
        return [.. Needed(uid, gid).Where(c => !Host.Capabilities.Has(capabilities, c))];
    }
}
