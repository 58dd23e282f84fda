namespace Vigil.Daemon.EventLoop;

/// <summary>
/// One address a router adds as master, where the kernel holds it; <see cref="NoTrack"/> when written with
/// <c>no_track</c>: deleted by someone else it stays deleted, as keepalived 2.2.7's address_is_ours ignores it.
/// </summary>
public readonly record struct VirtualAddress(KernelAddress Address, bool NoTrack = false);
