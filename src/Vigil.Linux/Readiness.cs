namespace Vigil.Linux;

/// <summary>What a bounded wait on a descriptor ended with.</summary>
public enum WaitOutcome
{
    /// <summary>The descriptor has data (or an error to collect by reading it).</summary>
    Ready,

    /// <summary>The timeout passed first.</summary>
    TimedOut,

    /// <summary>Another thread called Wake(): stop or re-plan.</summary>
    Woken,
}

/// <summary>
/// poll() on one descriptor plus a private eventfd, so a reader thread blocked in a wait can be
/// woken from another thread (for shutdown) without closing the descriptor under it.
/// </summary>
internal sealed class Readiness : IDisposable
{
    private readonly SafeFileDescriptor _wake;

    public Readiness()
    {
        _wake = SafeFileDescriptor.FromResult(
            Interop.Libc.eventfd(0, Interop.Files.EFD_CLOEXEC | Interop.Files.EFD_NONBLOCK), "eventfd");
    }

    public unsafe WaitOutcome Wait(SafeFileDescriptor fd, int timeoutMilliseconds)
    {
        bool fdRef = false;
        bool wakeRef = false;
        try
        {
            fd.DangerousAddRef(ref fdRef);
            _wake.DangerousAddRef(ref wakeRef);
            Interop.pollfd* fds = stackalloc Interop.pollfd[2];
            fds[0] = new Interop.pollfd { fd = fd.RawValue, events = Interop.PollEvents.POLLIN };
            fds[1] = new Interop.pollfd { fd = _wake.RawValue, events = Interop.PollEvents.POLLIN };
            while (true)
            {
                int n = Interop.Libc.poll(fds, 2, timeoutMilliseconds);
                if (n < 0)
                {
                    int errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
                    if (errno == Interop.Errors.EINTR)
                    {
                        continue;
                    }

                    ThrowHelper.ThrowErrno(errno, "poll");
                }

                if (n == 0)
                {
                    return WaitOutcome.TimedOut;
                }

                if (fds[1].revents != 0)
                {
                    ulong counter;
                    _ = Interop.Libc.read(_wake, &counter, sizeof(ulong));
                    return WaitOutcome.Woken;
                }

                return WaitOutcome.Ready;
            }
        }
        finally
        {
            if (wakeRef)
            {
                _wake.DangerousRelease();
            }

            if (fdRef)
            {
                fd.DangerousRelease();
            }
        }
    }

    public unsafe void Wake()
    {
        if (_wake.IsClosed)
        {
            return;
        }

        ulong one = 1;
        _ = Interop.Libc.write(_wake, &one, sizeof(ulong));
    }

    public void Dispose() => _wake.Dispose();
}
