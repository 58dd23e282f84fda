using System.Text;

namespace Vigil.Linux.Systemd;

/// <summary>
/// The sending side of systemd's notification protocol (sd_notify(3)): one AF_UNIX datagram per
/// message, to the socket named by $NOTIFY_SOCKET. A name starting with '/' is a file system path;
/// one starting with '@' is a Linux abstract socket (the '@' becomes a leading NUL, and the length
/// excludes any terminator, as libsystemd does). Sends never block: a full or vanished receiver
/// must not stall the event loop, so a failed send is reported and dropped.
/// </summary>
public sealed class NotifySocket : IDisposable
{
    private readonly SafeFileDescriptor _fd;
    private readonly Interop.sockaddr_un _address;
    private readonly uint _addressLength;

    private NotifySocket(SafeFileDescriptor fd, Interop.sockaddr_un address, uint addressLength)
    {
        _fd = fd;
        _address = address;
        _addressLength = addressLength;
    }

    /// <summary>The address this socket sends to, as given (path or @abstract).</summary>
    public string Address { get; private init; } = string.Empty;

    /// <summary>
    /// Opens a sender for <paramref name="address"/> (the value of $NOTIFY_SOCKET). Throws
    /// <see cref="ArgumentException"/> for a form other than '/path' or '@name' (systemd 254's
    /// "vsock:" addresses are not supported) or a name longer than sun_path.
    /// </summary>
    public static unsafe NotifySocket Open(string address)
    {
        ArgumentException.ThrowIfNullOrEmpty(address);
        if (address[0] is not ('/' or '@'))
        {
            throw new ArgumentException($"NOTIFY_SOCKET '{address}' is neither an absolute path nor an @abstract name", nameof(address));
        }

        byte[] name = Encoding.UTF8.GetBytes(address);
        bool isAbstract = address[0] == '@';
        // A path needs room for its NUL; an abstract name has none.
        if (name.Length > Interop.UnixSockets.SunPathLength - (isAbstract ? 0 : 1))
        {
            throw new ArgumentException($"NOTIFY_SOCKET '{address}' is longer than a unix socket address allows ({Interop.UnixSockets.SunPathLength} bytes)", nameof(address));
        }

        var sockaddr = default(Interop.sockaddr_un);
        sockaddr.sun_family = Interop.UnixSockets.AF_UNIX;
        new ReadOnlySpan<byte>(name).CopyTo(new Span<byte>(sockaddr.sun_path, Interop.UnixSockets.SunPathLength));
        if (isAbstract)
        {
            sockaddr.sun_path[0] = 0;
        }

        uint length = (uint)(sizeof(ushort) + name.Length + (isAbstract ? 0 : 1));
        SafeFileDescriptor fd = SafeFileDescriptor.FromResult(
            Interop.Libc.socket(Interop.UnixSockets.AF_UNIX, Interop.SocketTypes.SOCK_DGRAM | Interop.SocketTypes.SOCK_CLOEXEC, 0),
            "socket(AF_UNIX, SOCK_DGRAM)");
        return new NotifySocket(fd, sockaddr, length) { Address = address };
    }

    /// <summary>
    /// Sends one notification (newline-separated VAR=VALUE lines). Returns the errno on failure
    /// (0 on success), e.g. EAGAIN when the receiver's queue is full or ECONNREFUSED/ENOENT when it is gone.
    /// </summary>
    public unsafe int Send(ReadOnlySpan<byte> message)
    {
        Interop.sockaddr_un address = _address;
        fixed (byte* data = message)
        {
            nint sent = Interop.Libc.sendto(_fd, data, (nuint)message.Length, Interop.MessageFlags.MSG_DONTWAIT | Interop.UnixSockets.MSG_NOSIGNAL, &address, _addressLength);
            return sent < 0 ? System.Runtime.InteropServices.Marshal.GetLastPInvokeError() : 0;
        }
    }

    public void Dispose() => _fd.Dispose();
}
