namespace Vigil.Linux.Netlink;

/// <summary>What an address notification says.</summary>
public enum AddressEventKind
{
    /// <summary>RTM_NEWADDR: an address was added (or its flags changed).</summary>
    Added,

    /// <summary>RTM_DELADDR: an address is gone.</summary>
    Removed,

    /// <summary>The kernel dropped notifications (ENOBUFS): re-read every address with a dump.</summary>
    Overrun,
}

/// <summary>
/// An address notification; <see cref="Address"/> is null only for <see cref="AddressEventKind.Overrun"/>.
/// <see cref="Ours"/>: caused by the daemon's own request (the monitor's ownPort), so no one else changed it.
/// </summary>
public readonly record struct AddressEvent(AddressEventKind Kind, InterfaceAddress? Address, bool Ours = false);
