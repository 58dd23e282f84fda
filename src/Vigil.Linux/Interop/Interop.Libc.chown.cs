using System.Runtime.InteropServices;

namespace Vigil.Linux;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>lchown(2): never follows a final symbolic link; uid/gid uint.MaxValue (-1) leaves that id unchanged.</summary>
        [LibraryImport(Libraries.Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int lchown(string pathname, uint owner, uint group);
    }
}
