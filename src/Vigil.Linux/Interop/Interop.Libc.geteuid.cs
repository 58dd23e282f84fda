using System.Runtime.InteropServices;

namespace Vigil.Linux;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>geteuid(2): never fails.</summary>
        [LibraryImport(Libraries.Libc)]
        internal static partial uint geteuid();
    }
}
