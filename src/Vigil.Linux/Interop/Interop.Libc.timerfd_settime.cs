using System.Runtime.InteropServices;

namespace Vigil.Linux;

internal static partial class Interop
{
    internal static partial class Libc
    {
        [LibraryImport(Libraries.Libc, SetLastError = true)]
        internal static unsafe partial int timerfd_settime(SafeFileDescriptor fd, int flags, itimerspec* newValue, itimerspec* oldValue);
    }
}
