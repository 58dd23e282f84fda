using System.Net.Sockets;

namespace Vigil.Linux.Control;

/// <summary>
/// The listening Unix stream socket of the control interface. The path is inside the runtime
/// directory, which nobody else can write, so a leftover socket file from a crashed run is ours and
/// is replaced. Mode 0600 (root only), or 0660 with the control group.
/// </summary>
public static class ControlSocket
{
    public static Socket Listen(string path, uint? controlGroup, int backlog = 16)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("Vigil runs on Linux only.");
        }

        File.Delete(path); // a crashed run's socket file (no-op when absent)

        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Bind(new UnixDomainSocketEndPoint(path));
            UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            if (controlGroup is uint group)
            {
                RuntimeDirectory.SetGroup(path, group);
                mode |= UnixFileMode.GroupRead | UnixFileMode.GroupWrite;
            }

            File.SetUnixFileMode(path, mode);
            socket.Listen(backlog);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
