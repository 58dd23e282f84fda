using System.Runtime.InteropServices;

namespace Vigil.Linux;

internal static partial class Interop
{
    internal static partial class Libc
    {
        // vDSO-backed on Linux: no syscall, so reading the clock on every loop turn is cheap.
        [LibraryImport(Libraries.Libc, SetLastError = true)]
        [SuppressGCTransition]
        internal static unsafe partial int clock_gettime(int clockid, timespec* tp);
    }
}
