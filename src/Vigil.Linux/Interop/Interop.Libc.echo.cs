using System.Runtime.InteropServices;

namespace Vigil.Linux;

// The calls PING_CHECK needs on the check engine's thread: an unprivileged ICMP datagram socket per echo
// (int descriptors, as the TCP connects: the engine owns each one for one attempt).
#pragma warning disable CA1707 // native names kept verbatim
internal static partial class Interop
{
    internal static partial class Libc
    {
        internal const int IPPROTO_ICMP = 1;
        internal const int EBADMSG = 74;

        [LibraryImport(Libraries.Libc, EntryPoint = "sendto", SetLastError = true)]
        internal static unsafe partial nint sendto_fd(int fd, void* buf, nuint len, int flags, void* destAddr, uint addrlen);

        [LibraryImport(Libraries.Libc, EntryPoint = "recv", SetLastError = true)]
        internal static unsafe partial nint recv_fd(int fd, void* buf, nuint len, int flags);

        [LibraryImport(Libraries.Libc, EntryPoint = "setsockopt", SetLastError = true)]
        internal static unsafe partial int setsockopt_fd(int fd, int level, int optname, void* optval, uint optlen);
    }
}
