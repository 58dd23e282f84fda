using System.Runtime.InteropServices;

namespace Vigil.Linux;

// <sys/un.h>: AF_UNIX socket addresses (the systemd notification socket).
#pragma warning disable CS8981, IDE1006, CA1707 // native names kept verbatim
internal static partial class Interop
{
    internal static class UnixSockets
    {
        internal const int AF_UNIX = 1;
        internal const int MSG_NOSIGNAL = 0x4000;

        /// <summary>sizeof(sun_path): the longest path, including the terminating NUL.</summary>
        internal const int SunPathLength = 108;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct sockaddr_un
    {
        public ushort sun_family;
        public fixed byte sun_path[UnixSockets.SunPathLength];
    }
}
