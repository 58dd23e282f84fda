namespace Vigil.Linux.Netlink;

/// <summary>What a link notification says.</summary>
public enum LinkEventKind
{
    /// <summary>RTM_NEWLINK: created or changed; <see cref="LinkEvent.Link"/> has the new state.</summary>
    Changed,

    /// <summary>RTM_DELLINK: the interface is gone.</summary>
    Removed,

    /// <summary>The kernel dropped notifications (ENOBUFS): re-read every link with a dump.</summary>
    Overrun,
}

/// <summary>A link notification; <see cref="Link"/> is null only for <see cref="LinkEventKind.Overrun"/>.</summary>
public readonly record struct LinkEvent(LinkEventKind Kind, LinkInfo? Link);
