using System.Runtime.InteropServices;

namespace Vigil.Linux;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>close_range(2) flag (Linux 5.11): mark the range close-on-exec instead of closing it.</summary>
        internal const uint CLOSE_RANGE_CLOEXEC = 1u << 2;

        internal const int F_GETFD = 1;
        internal const int F_SETFD = 2;
        internal const int FD_CLOEXEC = 1;

        [LibraryImport(Libraries.Libc, SetLastError = true)]
        internal static partial int close_range(uint first, uint last, uint flags);

        [LibraryImport(Libraries.Libc, SetLastError = true)]
        internal static partial int fcntl(int fd, int cmd, int arg);

        /// <summary>getegid(2): never fails.</summary>
        [LibraryImport(Libraries.Libc)]
        internal static partial uint getegid();
    }
}
