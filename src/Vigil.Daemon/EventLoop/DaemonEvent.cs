using Vigil.Core.Protocol;
using Vigil.Core.Tracking;

namespace Vigil.Daemon.EventLoop;

public enum DaemonEventKind
{
    /// <summary>A VRRP message arrived; <see cref="DaemonEvent.Packet"/> holds it.</summary>
    PacketReceived,

    /// <summary>The deadline timer fired: step every router whose NextDeadline has passed.</summary>
    DeadlineReached,

    /// <summary>
    /// An interface went up or down (<see cref="DaemonEvent.InterfaceIndex"/>, <see cref="DaemonEvent.LinkUp"/>), was created
    /// (<see cref="DaemonEvent.InterfaceName"/> set) or deleted (<see cref="DaemonEvent.LinkDeleted"/>).
    /// </summary>
    LinkChanged,

    /// <summary>A status reader wants a <see cref="Status.DaemonStatus"/>; the loop answers through <see cref="DaemonEvent.Reply"/>.</summary>
    SnapshotRequested,
    /// <summary>A tracker (script, interface, file, process) has a new reading: <see cref="DaemonEvent.Tracker"/>, <see cref="DaemonEvent.Reading"/>.</summary>
    TrackerChanged,

    /// <summary>
    /// An address was added to or removed from an interface (<see cref="DaemonEvent.InterfaceIndex"/>, <see cref="DaemonEvent.Address"/>,
    /// <see cref="DaemonEvent.LinkUp"/> true when added; on a removal <see cref="DaemonEvent.LinkWentDown"/> when the interface was down or gone).
    /// </summary>
    AddressChanged,

    /// <summary>After a netlink overrun: every address on the host (<see cref="DaemonEvent.Addresses"/>), replacing what the loop knew.</summary>
    AddressesDumped,

    /// <summary>SIGTERM/SIGINT: masters send priority 0, addresses are released, the loop ends.</summary>
    Stop,

    /// <summary>
    /// Work that must run on the loop thread, in order with the protocol events (<see cref="DaemonEvent.Work"/>):
    /// the systemd watchdog pet (so a stuck loop stops petting), READY after start, a reload's diff.
    /// </summary>
    Invoke,
}

/// <summary>
/// A received VRRP message handed from a socket reader thread to the loop: the bytes live in a
/// buffer rented from <see cref="System.Buffers.ArrayPool{T}.Shared"/>, which the loop returns
/// once processed, so the per-packet path allocates nothing in steady state.
/// </summary>
public readonly record struct ReceivedPacket(byte[] Buffer, int Length, PacketEnvelope Envelope, int InterfaceIndex)
{
    public ReadOnlySpan<byte> Message => Buffer.AsSpan(0, Length);
}

/// <summary>Everything that can change protocol state arrives as one of these, in order, on one channel.</summary>
public readonly record struct DaemonEvent(
    DaemonEventKind Kind,
    ReceivedPacket Packet = default,
    int InterfaceIndex = 0,
    bool LinkUp = false,
    TrackerKey Tracker = default,
    TrackerReading Reading = default,
    TaskCompletionSource<Status.DaemonStatus>? Reply = null,
    Action? Work = null,
    System.Net.IPAddress? Address = null,
    IReadOnlyList<KernelAddress>? Addresses = null,
    string? InterfaceName = null,
    bool LinkDeleted = false,
    bool Ours = false,
    bool LinkWentDown = false)
{
    public static DaemonEvent Deadline { get; } = new(DaemonEventKind.DeadlineReached);

    public static DaemonEvent StopRequested { get; } = new(DaemonEventKind.Stop);

    public static DaemonEvent Received(in ReceivedPacket packet) => new(DaemonEventKind.PacketReceived, packet, packet.InterfaceIndex);

    public static DaemonEvent SnapshotRequest(TaskCompletionSource<Status.DaemonStatus> reply) => new(DaemonEventKind.SnapshotRequested, Reply: reply);

    public static DaemonEvent Link(int interfaceIndex, bool up) => new(DaemonEventKind.LinkChanged, InterfaceIndex: interfaceIndex, LinkUp: up);

    /// <summary>RTM_NEWLINK (<paramref name="deleted"/> false) or RTM_DELLINK with the interface's name (dynamic_interfaces follows names).</summary>
    public static DaemonEvent Link(int interfaceIndex, string name, bool up, bool deleted = false) =>
        new(DaemonEventKind.LinkChanged, InterfaceIndex: interfaceIndex, LinkUp: up && !deleted, InterfaceName: name, LinkDeleted: deleted);

    public static DaemonEvent AddressAdded(int interfaceIndex, System.Net.IPAddress address) => new(DaemonEventKind.AddressChanged, InterfaceIndex: interfaceIndex, LinkUp: true, Address: address);

    /// <summary>
    /// An address is gone; <paramref name="ours"/> when the daemon's own request removed it (nobody else's doing);
    /// <paramref name="linkDown"/> when its interface was down or deleted as the deletion was read (the link event that
    /// explains it comes on another socket and may follow).
    /// </summary>
    public static DaemonEvent AddressRemoved(int interfaceIndex, System.Net.IPAddress address, bool ours = false, bool linkDown = false) =>
        new(DaemonEventKind.AddressChanged, InterfaceIndex: interfaceIndex, LinkUp: false, Address: address, Ours: ours, LinkWentDown: linkDown);

    public static DaemonEvent AddressDump(IReadOnlyList<KernelAddress> addresses) => new(DaemonEventKind.AddressesDumped, Addresses: addresses);

    public static DaemonEvent TrackerRead(TrackerKey tracker, TrackerReading reading) => new(DaemonEventKind.TrackerChanged, Tracker: tracker, Reading: reading);

    /// <summary>Runs <paramref name="work"/> on the loop thread when the loop reaches this event.</summary>
    public static DaemonEvent OnLoop(Action work) => new(DaemonEventKind.Invoke, Work: work);
}

/// <summary>An address on an interface, as the kernel reports it (in the kernel's order: IPv4's primary first).</summary>
public readonly record struct KernelAddress(int InterfaceIndex, System.Net.IPAddress Address);
