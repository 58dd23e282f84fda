using System.Runtime.InteropServices;

namespace Vigil.Linux;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>glibc's struct sigaction on x86-64 and arm64 is 152 bytes; buffers of this size hold it with room.</summary>
        internal const int SigactionSize = 256;

        internal const nint SIG_IGN = 1;

        /// <summary>glibc's wrapper (its struct sigaction, handler first); either pointer may be null.</summary>
        [LibraryImport(Libraries.Libc, SetLastError = true)]
        internal static unsafe partial int sigaction(int sig, void* action, void* previous);
    }
}
