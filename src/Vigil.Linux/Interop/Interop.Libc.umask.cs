using System.Runtime.InteropServices;

namespace Vigil.Linux;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>umask(2): sets the file-creation mask, returns the previous one; never fails.</summary>
        [LibraryImport(Libraries.Libc)]
        internal static partial uint umask(uint mask);
    }
}
