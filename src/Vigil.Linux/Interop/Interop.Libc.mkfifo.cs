using System.Runtime.InteropServices;

namespace Vigil.Linux;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>mkfifo(3): creates a named pipe with <paramref name="mode"/> (less the umask).</summary>
        [LibraryImport(Libraries.Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int mkfifo(string pathname, uint mode);

        /// <summary>chown(2); −1 (as uint) leaves that id unchanged.</summary>
        [LibraryImport(Libraries.Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int chown(string pathname, uint owner, uint group);
    }
}
