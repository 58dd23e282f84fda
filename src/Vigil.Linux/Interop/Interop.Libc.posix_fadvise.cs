using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Vigil.Linux;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>posix_fadvise(2): read the range into the page cache now (asynchronously), mapping nothing.</summary>
        internal const int POSIX_FADV_WILLNEED = 3;

        /// <summary>Returns 0 or an error number (errno is not set).</summary>
        [LibraryImport(Libraries.Libc)]
        internal static partial int posix_fadvise(SafeFileHandle fd, long offset, long length, int advice);
    }
}
