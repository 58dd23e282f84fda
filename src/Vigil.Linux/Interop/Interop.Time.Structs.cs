using System.Runtime.InteropServices;

namespace Vigil.Linux;

#pragma warning disable CS8981, IDE1006 // native names kept verbatim (runtime coding-style rule 12)
internal static partial class Interop
{
    [StructLayout(LayoutKind.Sequential)]
    internal struct timespec
    {
        public long tv_sec;
        public long tv_nsec;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct itimerspec
    {
        public timespec it_interval;
        public timespec it_value;
    }
}
