using System.Runtime.InteropServices;

namespace Vigil.Linux;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>pidfd_open(2) (Linux 5.3, glibc 2.36): an fd that becomes readable when the process exits; always close-on-exec.</summary>
        [LibraryImport(Libraries.Libc, SetLastError = true)]
        internal static partial int pidfd_open(int pid, uint flags);
    }
}
