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

        if (File.Exists(path))
        {
            if (IsServed(path))
            {
                throw new IOException($"another daemon already answers on {path}; stop it, or give this one its own --runtime-dir");
            }

            File.Delete(path); // a crashed run's socket file
        }

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

    /// <summary>Whether something accepts connections on the socket file (a running daemon), as opposed to a stale file.</summary>
    public static bool IsServed(string path)
    {
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(path));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
