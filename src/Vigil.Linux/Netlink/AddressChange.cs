namespace Vigil.Linux.Netlink;

/// <summary>Outcome of adding or deleting an address; the expected races are results, not exceptions.</summary>
public enum AddressChange
{
    /// <summary>The kernel made the change.</summary>
    Done,

    /// <summary>Add: the address was already on the interface (EEXIST), e.g. left by a crashed run.</summary>
    AlreadyPresent,

    /// <summary>Delete: the address was not on the interface (EADDRNOTAVAIL), e.g. removed by an operator.</summary>
    NotPresent,
}
