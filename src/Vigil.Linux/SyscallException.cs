using System.Runtime.InteropServices;

namespace Vigil.Linux;

/// <summary>A system call or netlink request failed; carries the errno and the operation's name.</summary>
public sealed class SyscallException : Exception
{
    public SyscallException()
    {
        Operation = string.Empty;
    }

    public SyscallException(string message)
        : base(message)
    {
        Operation = string.Empty;
    }

    public SyscallException(string message, Exception innerException)
        : base(message, innerException)
    {
        Operation = string.Empty;
    }

    public SyscallException(int errno, string operation)
        : base($"{operation} failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}){Hint(errno)}")
    {
        Errno = errno;
        Operation = operation;
    }

    public int Errno { get; }

    public string Operation { get; }

    /// <summary>True when the kernel refused for lack of privilege (raw/packet sockets need CAP_NET_RAW, netlink writes CAP_NET_ADMIN).</summary>
    public bool IsPermissionDenied => Errno is Interop.Errors.EPERM or Interop.Errors.EACCES;

    private static string Hint(int errno) => errno is Interop.Errors.EPERM or Interop.Errors.EACCES
        ? "; run as root or grant CAP_NET_RAW and CAP_NET_ADMIN"
        : string.Empty;
}
