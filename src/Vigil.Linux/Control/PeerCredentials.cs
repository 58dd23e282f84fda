using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Vigil.Linux.Control;

/// <summary>
/// Who is on the other end of a connected Unix socket, as the kernel recorded it at connect time
/// (SO_PEERCRED, socket(7)): not forgeable by the peer, unlike anything it sends. Supplementary
/// groups come from SO_PEERGROUPS (Linux 4.13+), empty when the kernel does not offer it.
/// </summary>
public readonly record struct PeerCredentials(int ProcessId, uint UserId, uint GroupId, uint[] Groups)
{
    private const int SOL_SOCKET = 1;
    private const int SO_PEERCRED = 17;
    private const int SO_PEERGROUPS = 59;
    private const int MaxGroups = 1024;

    public bool IsRoot => UserId == 0;

    /// <summary>Whether the peer's primary or a supplementary group is <paramref name="groupId"/>.</summary>
    public bool IsInGroup(uint groupId) => GroupId == groupId || Array.IndexOf(Groups, groupId) >= 0;

    public static PeerCredentials Of(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        Span<byte> ucred = stackalloc byte[12]; // struct ucred { pid_t pid; uid_t uid; gid_t gid; } in host order
        if (socket.GetRawSocketOption(SOL_SOCKET, SO_PEERCRED, ucred) != ucred.Length)
        {
            throw new SocketException((int)SocketError.ProtocolOption);
        }

        int pid = MemoryMarshal.Read<int>(ucred);
        uint uid = MemoryMarshal.Read<uint>(ucred[4..]);
        uint gid = MemoryMarshal.Read<uint>(ucred[8..]);
        return new PeerCredentials(pid, uid, gid, SupplementaryGroups(socket));
    }

    private static uint[] SupplementaryGroups(Socket socket)
    {
        byte[] buffer = new byte[MaxGroups * sizeof(uint)];
        try
        {
            int length = socket.GetRawSocketOption(SOL_SOCKET, SO_PEERGROUPS, buffer);
            return MemoryMarshal.Cast<byte, uint>(buffer.AsSpan(0, length)).ToArray();
        }
        catch (SocketException)
        {
            return []; // older kernel, or more groups than MaxGroups: the primary group still counts
        }
    }
}
