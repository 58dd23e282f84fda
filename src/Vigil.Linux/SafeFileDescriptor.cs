using System.Runtime.InteropServices;

namespace Vigil.Linux;

/// <summary>An owned Linux file descriptor; -1 is invalid (0 is a valid fd, unlike FRR's "fd > 0").</summary>
internal sealed class SafeFileDescriptor : SafeHandle
{
    public SafeFileDescriptor()
        : base(invalidHandleValue: -1, ownsHandle: true)
    {
    }

    public SafeFileDescriptor(int fd)
        : base(invalidHandleValue: -1, ownsHandle: true)
    {
        SetHandle(fd);
    }

    public override bool IsInvalid => (int)handle < 0;

    /// <summary>The raw fd for poll(); callers hold DangerousAddRef for the duration of use.</summary>
    public int RawValue => (int)handle;

    /// <summary>Wraps a just-returned fd, or throws with the errno when the call returned -1.</summary>
    public static SafeFileDescriptor FromResult(int fd, string operation)
    {
        if (fd < 0)
        {
            ThrowHelper.ThrowLastError(operation);
        }

        return new SafeFileDescriptor(fd);
    }

    protected override bool ReleaseHandle() => Interop.Libc.close((int)handle) == 0;
}
