using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Vigil.Linux.Tests.Netns;

/// <summary>
/// Receives whole Ethernet frames of one EtherType on an AF_PACKET socket (tcpdump is not
/// installed; this is the same kernel facility). Open it inside the namespace that should see the frames.
/// </summary>
internal sealed partial class FrameCapture : IDisposable
{
    private readonly SafeFileDescriptor _fd;
    private readonly Readiness _readiness = new();

    private FrameCapture(SafeFileDescriptor fd)
    {
        _fd = fd;
    }

    public static FrameCapture Open(ushort etherType)
    {
        var capture = new FrameCapture(SafeFileDescriptor.FromResult(
            Interop.Libc.socket(
                Interop.AddressFamilies.AF_PACKET,
                Interop.SocketTypes.SOCK_RAW | Interop.SocketTypes.SOCK_CLOEXEC,
                BinaryPrimitives.ReverseEndianness(etherType)),
            "socket(AF_PACKET)"));
        capture.StartStamping();
        return capture;
    }

    /// <summary>
    /// The first SIOCGSTAMP turns the kernel's receive timestamps on (for this socket and, deferred, for the host); a
    /// frame that arrived before that is stamped when it is read. Asked once here (ENOENT: nothing received yet), so
    /// the frames a test waits for carry their arrival time even when the first one is read late (a first GARP read
    /// 6 ms late made a 300 ms gap measure 293.7 ms).
    /// </summary>
    private unsafe void StartStamping()
    {
        long* timeval = stackalloc long[2];
        _ = IoctlTimeval(_fd, SiocGStamp, timeval);
    }

    /// <summary>Like <see cref="Open"/>, receiving only what arrives on one interface of the calling thread's namespace.</summary>
    public static unsafe FrameCapture OpenOn(ushort etherType, string interfaceName)
    {
        int index = Netlink.RtNetlink.GetInterfaceIndex(interfaceName);
        if (index == 0)
        {
            throw new ArgumentException($"no interface {interfaceName} in this namespace", nameof(interfaceName));
        }

        FrameCapture capture = Open(etherType);
        var at = new Interop.sockaddr_ll
        {
            sll_family = Interop.AddressFamilies.AF_PACKET,
            sll_protocol = BinaryPrimitives.ReverseEndianness(etherType),
            sll_ifindex = index,
        };
        if (Interop.Libc.bind(capture._fd, &at, (uint)sizeof(Interop.sockaddr_ll)) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            capture.Dispose();
            throw new InvalidOperationException($"bind(AF_PACKET, {interfaceName}) failed: errno {errno}");
        }

        return capture;
    }

    /// <summary>Every frame that arrives within <paramref name="window"/> (the socket's backlog first).</summary>
    public List<byte[]> Collect(TimeSpan window)
    {
        var frames = new List<byte[]>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < window)
        {
            WaitFor(frame =>
            {
                frames.Add(frame);
                return true;
            }, TimeSpan.FromMilliseconds(200));
        }

        return frames;
    }

    /// <summary>Returns the first frame that satisfies <paramref name="match"/> within about 10 s (or <paramref name="within"/>), or null.</summary>
    public unsafe byte[]? WaitFor(Func<byte[], bool> match, TimeSpan? within = null)
    {
        byte[] buffer = new byte[2048];
        int attempts = (int)Math.Ceiling((within ?? TimeSpan.FromSeconds(10)) / TimeSpan.FromMilliseconds(200));
        for (int attempt = 0; attempt < attempts; attempt++)
        {
            if (_readiness.Wait(_fd, 200) != WaitOutcome.Ready)
            {
                continue;
            }

            fixed (byte* p = buffer)
            {
                nint length = Interop.Libc.read(_fd, p, (nuint)buffer.Length);
                if (length > 0 && match(buffer[..(int)length]))
                {
                    return buffer[..(int)length];
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Like <see cref="WaitFor"/>, with the time the kernel received the frame (SIOCGSTAMP, since the epoch): spacing
    /// measured from it does not depend on when this thread got to read the frame.
    /// </summary>
    public unsafe (byte[] Frame, TimeSpan ReceivedAt)? WaitForStamped(Func<byte[], bool> match, TimeSpan? within = null)
    {
        if (WaitFor(match, within) is not { } frame)
        {
            return null;
        }

        long* timeval = stackalloc long[2];
        if (IoctlTimeval(_fd, SiocGStamp, timeval) != 0)
        {
            throw new InvalidOperationException($"ioctl(SIOCGSTAMP) failed: errno {Marshal.GetLastPInvokeError()}");
        }

        return (frame, TimeSpan.FromSeconds(timeval[0]) + TimeSpan.FromMicroseconds(timeval[1]));
    }

    private const nuint SiocGStamp = 0x8906;

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static unsafe partial int IoctlTimeval(SafeHandle fd, nuint request, long* timeval);

    public void Dispose()
    {
        _fd.Dispose();
        _readiness.Dispose();
    }
}
