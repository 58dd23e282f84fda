using System.Runtime.InteropServices;

#pragma warning disable CS8981, IDE1006, CA1707 // native names kept verbatim (runtime coding-style rule 12)

namespace Vigil.Linux;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>SIOCGIFFLAGS: the interface's IFF_* flags into <see cref="ifreq.ifr_flags"/>.</summary>
        internal const nuint SIOCGIFFLAGS = 0x8913;

        /// <summary>SIOCETHTOOL: an ethtool command whose buffer <see cref="ifreq.ifr_data"/> points to.</summary>
        internal const nuint SIOCETHTOOL = 0x8946;

        /// <summary>SIOCGMIIPHY: the PHY address into the mii_ioctl_data laid in the ifreq's union.</summary>
        internal const nuint SIOCGMIIPHY = 0x8947;

        /// <summary>SIOCGMIIREG: read MII register reg_num of phy_id into val_out.</summary>
        internal const nuint SIOCGMIIREG = 0x8948;

        /// <summary>ethtool.h ETHTOOL_GLINK: link detected (ethtool_value.data 1) or not.</summary>
        internal const uint ETHTOOL_GLINK = 0x0000000a;

        /// <summary>ioctl(2) on a socket with a struct ifreq.</summary>
        [LibraryImport(Libraries.Libc, SetLastError = true)]
        internal static unsafe partial int ioctl(SafeHandle fd, nuint request, ifreq* request_data);
    }

    /// <summary>struct ifreq (net/if.h): the name, then a 24-byte union (x86_64 and aarch64).</summary>
    [StructLayout(LayoutKind.Explicit, Size = 40)]
    internal unsafe struct ifreq
    {
        [FieldOffset(0)]
        public fixed byte ifr_name[16];

        [FieldOffset(16)]
        public short ifr_flags;

        [FieldOffset(16)]
        public void* ifr_data;

        /// <summary>linux/mii.h struct mii_ioctl_data laid in the union, as the MII ioctls read and write it.</summary>
        [FieldOffset(16)]
        public ushort phy_id;

        [FieldOffset(18)]
        public ushort reg_num;

        [FieldOffset(20)]
        public ushort val_in;

        [FieldOffset(22)]
        public ushort val_out;
    }

    /// <summary>linux/ethtool.h struct ethtool_value.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct ethtool_value
    {
        public uint cmd;
        public uint data;
    }
}
