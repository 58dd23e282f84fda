using System.Runtime.InteropServices;

namespace Vigil.Linux;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>getpwnam(3): a pointer to a static struct passwd (pw_uid at offset 16 on LP64), or null.</summary>
        [LibraryImport(Libraries.Libc, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial nint getpwnam(string name);

        /// <summary>getgrnam(3): a pointer to a static struct group (gr_gid at offset 16 on LP64), or null.</summary>
        [LibraryImport(Libraries.Libc, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial nint getgrnam(string name);
    }
}
