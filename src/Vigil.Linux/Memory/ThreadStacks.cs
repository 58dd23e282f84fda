namespace Vigil.Linux.Memory;

/// <summary>
/// The stack size of threads created from now on without one (glibc's default is RLIMIT_STACK, 8 MiB). An 8 MiB
/// stack mapping can hold a whole 2 MiB-aligned range, and with transparent huge pages "always" (Debian's kernels)
/// the first touch of a thread's stack top then faults in one 2 MiB page: in the LVS guest benchmark one of vigil's
/// 11 threads (which one varied: .NET_Sockets, .NET_SigHandler, a pool worker) held 2 MiB of stack for a few KiB used,
/// a fifth of the daemon's resident size. 1.5 MiB, CoreCLR's default for managed threads on Linux, cannot hold such
/// a range. Threads created before this call (the runtime's first) keep their size.
/// </summary>
public static unsafe class ThreadStacks
{
    public const int DefaultSize = 1536 * 1024;

    /// <summary>Sets the default; false when the C library has no pthread_setattr_default_np (not glibc) or refused.</summary>
    public static bool SetDefault(int size = DefaultSize)
    {
        byte* attr = stackalloc byte[Interop.Libc.PthreadAttrSize];
        try
        {
            if (Interop.Libc.pthread_attr_init(attr) != 0)
            {
                return false;
            }

            bool set = Interop.Libc.pthread_attr_setstacksize(attr, (nuint)size) == 0 && Interop.Libc.pthread_setattr_default_np(attr) == 0;
            _ = Interop.Libc.pthread_attr_destroy(attr);
            return set;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
    }
}
