using System.Runtime.InteropServices;

namespace Vigil.Linux;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>madvise(2): for a private file mapping with no copied-on-write pages, only unmaps the pages (they stay in the page cache).</summary>
        internal const int MADV_DONTNEED = 4;

        /// <summary>madvise(2), Linux 5.4+: reclaim the pages now; a clean file page is dropped (read back from the file when touched), a copied one is kept (or swapped): nothing is lost.</summary>
        internal const int MADV_PAGEOUT = 21;

        [LibraryImport(Libraries.Libc, SetLastError = true)]
        internal static partial int madvise(nint address, nuint length, int advice);
    }
}
