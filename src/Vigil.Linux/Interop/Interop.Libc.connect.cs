using System.Runtime.InteropServices;

namespace Vigil.Linux;

// The calls the TCP_CHECK engine needs: nonblocking connect completed through one epoll (int descriptors, no
// SafeHandle per check: the engine owns each descriptor for one connect attempt).
#pragma warning disable CA1707 // native names kept verbatim
internal static partial class Interop
{
    internal static partial class Libc
    {
        internal const int SOCK_STREAM = 1;
        internal const int SO_ERROR = 4;
        internal const int EINPROGRESS = 115;
        internal const int EPOLL_CLOEXEC = 0x80000;
        internal const int EPOLL_CTL_ADD = 1;
        internal const uint EPOLLIN = 0x001;
        internal const uint EPOLLOUT = 0x004;
        internal const uint EPOLLERR = 0x008;
        internal const uint EPOLLHUP = 0x010;
        internal const int EFD_NONBLOCK = 0x800;
        internal const int EFD_CLOEXEC = 0x80000;

        [LibraryImport(Libraries.Libc, SetLastError = true)]
        internal static unsafe partial int connect(int fd, void* addr, uint addrlen);

        /// <summary>bind on a plain descriptor (a checker's source address, bindto).</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "bind", SetLastError = true)]
        internal static unsafe partial int bind_fd(int fd, void* addr, uint addrlen);

        [LibraryImport(Libraries.Libc, SetLastError = true)]
        internal static unsafe partial int getsockopt(int fd, int level, int optname, void* optval, uint* optlen);

        [LibraryImport(Libraries.Libc, SetLastError = true)]
        internal static partial int epoll_create1(int flags);

        /// <summary>epoll_ctl with the event as raw bytes (struct epoll_event is packed on x86-64, not on arm64).</summary>
        [LibraryImport(Libraries.Libc, SetLastError = true)]
        internal static unsafe partial int epoll_ctl(int epfd, int op, int fd, void* @event);

        [LibraryImport(Libraries.Libc, SetLastError = true)]
        internal static unsafe partial int epoll_wait(int epfd, void* events, int maxevents, int timeout);

        [LibraryImport(Libraries.Libc, EntryPoint = "read", SetLastError = true)]
        internal static unsafe partial nint read_fd(int fd, void* buf, nuint count);

        [LibraryImport(Libraries.Libc, EntryPoint = "write", SetLastError = true)]
        internal static unsafe partial nint write_fd(int fd, void* buf, nuint count);
    }
}
