namespace Vigil.Linux.Checking;

/// <summary>
/// Where a check's connection comes from (keepalived's bindto, bind_port, bind_if, fwmark), pre-encoded so a connect
/// allocates nothing: <see cref="Address"/> a sockaddr (<see cref="TcpConnectPoller.Encode"/>) or empty for any,
/// <see cref="Device"/> an interface name with its terminating NUL or empty, <see cref="Mark"/> 0 for none.
/// </summary>
public readonly ref struct ConnectSource(ReadOnlySpan<byte> address, ReadOnlySpan<byte> device, uint mark)
{
    public ReadOnlySpan<byte> Address { get; } = address;

    public ReadOnlySpan<byte> Device { get; } = device;

    public uint Mark { get; } = mark;
}

/// <summary>How <see cref="TcpConnectPoller.Begin"/> started a connect.</summary>
public enum ConnectStart
{
    /// <summary>In progress: the result is the descriptor.</summary>
    InProgress,

    /// <summary>Connected at once.</summary>
    Connected,

    /// <summary>The connect (or the socket) failed: the result is the errno; a failed check.</summary>
    Failed,

    /// <summary>The mark, the interface or the source address could not be set: the result is the errno; keepalived makes no verdict.</summary>
    SourceFailed,
}
