using System.Runtime.InteropServices;

namespace Vigil.Linux;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>glibc's pthread_attr_t is 56 bytes on x86-64 and 64 on arm64; a larger buffer for either.</summary>
        internal const int PthreadAttrSize = 128;

        [LibraryImport(Libraries.Libc)]
        internal static unsafe partial int pthread_attr_init(byte* attr);

        [LibraryImport(Libraries.Libc)]
        internal static unsafe partial int pthread_attr_setstacksize(byte* attr, nuint size);

        [LibraryImport(Libraries.Libc)]
        internal static unsafe partial int pthread_attr_destroy(byte* attr);

        /// <summary>glibc 2.18+: the attributes of threads created without any (the runtime's own, and managed threads with no stack size).</summary>
        [LibraryImport(Libraries.Libc)]
        internal static unsafe partial int pthread_setattr_default_np(byte* attr);
    }
}
