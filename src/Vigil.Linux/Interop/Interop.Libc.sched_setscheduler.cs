using System.Runtime.InteropServices;

namespace Vigil.Linux;

internal static partial class Interop
{
    internal static partial class Libc
    {
        internal const int SCHED_RR = 2;

        // Children forked by a realtime thread start under SCHED_OTHER (sched(7)).
        internal const int SCHED_RESET_ON_FORK = 0x40000000;

        /// <summary>pid 0: the calling thread (Linux schedules threads, not processes).</summary>
        [LibraryImport(Libraries.Libc, SetLastError = true)]
        internal static unsafe partial int sched_setscheduler(int pid, int policy, int* param);
    }
}
