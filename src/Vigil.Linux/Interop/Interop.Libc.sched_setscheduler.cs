using System.Runtime.InteropServices;

namespace Vigil.Linux;

internal static partial class Interop
{
    internal static partial class Libc
    {
        internal const int SCHED_RR = 2;

        /// <summary>pid 0: the calling thread (Linux schedules threads, not processes).</summary>
        [LibraryImport(Libraries.Libc, SetLastError = true)]
        internal static unsafe partial int sched_setscheduler(int pid, int policy, int* param);
    }
}
