using System.Runtime.InteropServices;

namespace Vigil.Linux;

internal static partial class Interop
{
    internal static partial class Libc
    {
        internal const int SIGTERM = 15;
        internal const int SIGKILL = 9;

        /// <summary>A negative <paramref name="pid"/> signals the whole process group.</summary>
        [LibraryImport(Libraries.Libc, SetLastError = true)]
        internal static partial int kill(int pid, int sig);
    }
}
