using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;

namespace Vigil.Linux;

/// <summary>Keeps throw sites out of hot methods (Tmds.DBus / npgsql ThrowHelper pattern).</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void ThrowLastError(string operation) => throw new SyscallException(Marshal.GetLastPInvokeError(), operation);

    [DoesNotReturn]
    public static void ThrowErrno(int errno, string operation) => throw new SyscallException(errno, operation);

    public static void ThrowIfFailed(int result, string operation)
    {
        if (result < 0)
        {
            ThrowLastError(operation);
        }
    }
}
