using System.Runtime.InteropServices;

namespace Vigil.Linux;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>FIONREAD on a pipe: the bytes written and not yet read.</summary>
        internal const nuint FIONREAD = 0x541B;

        /// <summary>ioctl(2) with an int out-argument (FIONREAD).</summary>
        [LibraryImport(Libraries.Libc, SetLastError = true)]
        internal static unsafe partial int ioctl(SafeHandle fd, nuint request, int* value);
    }
}
