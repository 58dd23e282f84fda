using System.Runtime.InteropServices;
using System.Text;

namespace Vigil.Linux.Linkbeat;

/// <summary>
/// The ioctls keepalived 2.2.7 polls a link with for linkbeat_interfaces (vrrp_if.c if_mii_probe, if_ethtool_probe,
/// if_ioctl_flags), on one AF_INET datagram socket. Each call is a few syscalls and allocates nothing.
/// </summary>
public sealed class LinkbeatSocket : IDisposable
{
    private const ushort MII_BMCR = 0;
    private const ushort MII_BMSR = 1;
    private const ushort BMSR_LSTATUS = 0x0004;
    private const short IFF_UP = 0x1;
    private const short IFF_RUNNING = 0x40;

    private readonly SafeFileDescriptor _socket;

    private LinkbeatSocket(SafeFileDescriptor socket) => _socket = socket;

    public static LinkbeatSocket Open() =>
        new(SafeFileDescriptor.FromResult(
            Interop.Libc.socket(Interop.AddressFamilies.AF_INET, Interop.SocketTypes.SOCK_DGRAM | Interop.SocketTypes.SOCK_CLOEXEC, 0),
            "socket(AF_INET, SOCK_DGRAM) for linkbeat"));

    /// <summary>
    /// MII: the PHY's address (SIOCGMIIPHY), then the Basic Mode Status Register, read twice since its link bit
    /// latches low (either read up is up). 1 up, 0 down, -1 no MII (a veth, most virtual devices).
    /// </summary>
    public unsafe int Mii(string name)
    {
        Interop.ifreq request = Request(name);
        if (Interop.Libc.ioctl(_socket, Interop.Libc.SIOCGMIIPHY, &request) < 0)
        {
            return -1;
        }

        ushort phy = request.phy_id;
        request.reg_num = MII_BMSR;
        if (Interop.Libc.ioctl(_socket, Interop.Libc.SIOCGMIIREG, &request) < 0)
        {
            return -1;
        }

        if (ReadRegister(ref request, phy, MII_BMCR) == 0xffff)
        {
            return -1;
        }

        ushort bmsr = ReadRegister(ref request, phy, MII_BMSR);
        if (bmsr == 0)
        {
            return -1; // no transceiver answers
        }

        ushort again = ReadRegister(ref request, phy, MII_BMSR);
        return ((bmsr | again) & BMSR_LSTATUS) != 0 ? 1 : 0;
    }

    /// <summary>ETHTOOL_GLINK: 1 link detected, 0 not, -1 the driver does not answer it.</summary>
    public unsafe int Ethtool(string name)
    {
        Interop.ifreq request = Request(name);
        var value = new Interop.ethtool_value { cmd = Interop.Libc.ETHTOOL_GLINK };
        request.ifr_data = &value;
        return Interop.Libc.ioctl(_socket, Interop.Libc.SIOCETHTOOL, &request) < 0 ? -1 : value.data != 0 ? 1 : 0;
    }

    /// <summary>SIOCGIFFLAGS: IFF_UP and IFF_RUNNING; a failure other than ENODEV (no such device) reads as up, as keepalived's.</summary>
    public unsafe bool Flags(string name)
    {
        Interop.ifreq request = Request(name);
        if (Interop.Libc.ioctl(_socket, Interop.Libc.SIOCGIFFLAGS, &request) < 0)
        {
            return Marshal.GetLastPInvokeError() != Interop.Errors.ENODEV;
        }

        return (request.ifr_flags & (IFF_UP | IFF_RUNNING)) == (IFF_UP | IFF_RUNNING);
    }

    public void Dispose() => _socket.Dispose();

    private unsafe ushort ReadRegister(ref Interop.ifreq request, ushort phy, ushort register)
    {
        request.phy_id = phy;
        request.reg_num = register;
        fixed (Interop.ifreq* pointer = &request)
        {
            return Interop.Libc.ioctl(_socket, Interop.Libc.SIOCGMIIREG, pointer) < 0 ? (ushort)0xffff : pointer->val_out;
        }
    }

    private static unsafe Interop.ifreq Request(string name)
    {
        Interop.ifreq request = default;
        var destination = new Span<byte>(request.ifr_name, 15); // IFNAMSIZ less the NUL
        if (!Encoding.ASCII.TryGetBytes(name, destination, out _))
        {
            Encoding.ASCII.GetBytes(name.AsSpan(0, 15), destination);
        }

        return request;
    }
}
