namespace Vigil.Core.Tracking;

/// <summary>What a link notification meant for one watched interface name.</summary>
public enum PresenceChangeKind
{
    /// <summary>The name now exists with <see cref="PresenceChange.Index"/> (created, created again, or renamed to it).</summary>
    Appeared,

    /// <summary>The interface that had the name (<see cref="PresenceChange.PreviousIndex"/>) is gone (deleted, or renamed away).</summary>
    Vanished,
}

/// <summary>One change of a watched name: which name, its new index (0 when vanished) and the index it had (0 when it had none).</summary>
public readonly record struct PresenceChange(PresenceChangeKind Kind, string Name, int Index, int PreviousIndex);

/// <summary>
/// keepalived 2.2.7's <c>dynamic_interfaces</c> bookkeeping (vrrp_if.c if_get_by_ifname, keepalived_netlink.c
/// netlink_link_filter): interfaces are configured by name; a name that does not exist yet has index 0 and is followed
/// when an RTM_NEWLINK brings it, an RTM_DELLINK sets it back to 0, and a name that comes back gets its new index.
/// A link renamed away from a watched name counts as gone, one renamed to it as created. Pure: fed link notifications,
/// it says which watched names appeared or vanished; the caller rebinds sockets and steps the routers.
/// </summary>
public sealed class InterfacePresence
{
    private readonly Dictionary<string, int> _indexByName = new(StringComparer.Ordinal);

    /// <param name="watched">Each watched name with its index now (0: does not exist).</param>
    public InterfacePresence(IEnumerable<KeyValuePair<string, int>> watched)
    {
        ArgumentNullException.ThrowIfNull(watched);
        foreach ((string name, int index) in watched)
        {
            _indexByName[name] = index;
        }
    }

    /// <summary>Starts watching <paramref name="name"/> (index 0: missing) unless it is watched already (a reload's new names).</summary>
    public void Watch(string name, int index) => _indexByName.TryAdd(name, index);

    /// <summary>The watched names.</summary>
    public IEnumerable<string> Names => _indexByName.Keys;

    /// <summary>The index a watched name has now; 0 when it does not exist or is not watched.</summary>
    public int IndexOf(string name) => _indexByName.GetValueOrDefault(name);

    /// <summary>
    /// RTM_NEWLINK for (<paramref name="index"/>, <paramref name="name"/>): appends what changed for the watched names
    /// (a rename away from a watched name first, then the name that appeared) and returns how many were appended.
    /// </summary>
    public int Created(int index, string name, ICollection<PresenceChange> changes)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(changes);
        int count = 0;
        foreach ((string watched, int known) in _indexByName)
        {
            if (known == index && !string.Equals(watched, name, StringComparison.Ordinal))
            {
                // Renamed away: the watched name no longer exists (keepalived: "Interface name has changed").
                _indexByName[watched] = 0;
                changes.Add(new PresenceChange(PresenceChangeKind.Vanished, watched, 0, index));
                count++;
                break;
            }
        }

        if (_indexByName.TryGetValue(name, out int previous) && previous != index)
        {
            if (previous != 0)
            {
                // A deletion we never heard of (a netlink overrun): the old interface is gone, the new one is here.
                changes.Add(new PresenceChange(PresenceChangeKind.Vanished, name, 0, previous));
                count++;
            }

            _indexByName[name] = index;
            changes.Add(new PresenceChange(PresenceChangeKind.Appeared, name, index, 0));
            count++;
        }

        return count;
    }

    /// <summary>RTM_DELLINK for <paramref name="index"/>: the watched name that had it vanishes (appended); returns how many were appended (0 or 1).</summary>
    public int Deleted(int index, ICollection<PresenceChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (index == 0)
        {
            return 0;
        }

        foreach ((string watched, int known) in _indexByName)
        {
            if (known == index)
            {
                _indexByName[watched] = 0;
                changes.Add(new PresenceChange(PresenceChangeKind.Vanished, watched, 0, index));
                return 1;
            }
        }

        return 0;
    }
}
