using System.Runtime.InteropServices;

namespace Vigil.Linux.Processes;

/// <summary>
/// Reports the exit of chosen processes the moment it happens, through pidfds (pidfd_open(2): the fd
/// turns readable when the process exits), so a crashed tracked process is seen at once even where the
/// proc connector is refused (inside a network namespace or container) and /proc is only polled.
/// One thread polls every pidfd plus an eventfd (to take in new ones and to stop); the number of
/// watched processes is bounded. PID reuse: the pidfd is opened first, then <c>sameProcess</c>
/// re-checks that the PID still names the process the caller found (its /proc start time and comm);
/// from then on the pidfd refers to that process whatever happens to the number.
/// </summary>
public sealed class ProcessExitWatcher : IDisposable
{
    public const int DefaultCapacity = 1024;

    private readonly Action<int> _exited;
    private readonly int _capacity;
    private readonly Lock _lock = new();
    private readonly Dictionary<int, SafeFileDescriptor> _watched = [];
    private readonly SafeFileDescriptor _wake;
    private readonly Thread _thread;
    private volatile bool _stopping;

    /// <param name="exited">Called on the watcher's thread with the PID of each watched process that exited.</param>
    /// <param name="capacity">At most this many processes are watched at once.</param>
    public ProcessExitWatcher(Action<int> exited, int capacity = DefaultCapacity)
    {
        ArgumentNullException.ThrowIfNull(exited);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _exited = exited;
        _capacity = capacity;
        _wake = SafeFileDescriptor.FromResult(
            Interop.Libc.eventfd(0, Interop.Files.EFD_CLOEXEC | Interop.Files.EFD_NONBLOCK), "eventfd");
        _thread = new Thread(Run) { IsBackground = true, Name = "vigil process exits" };
        _thread.Start();
    }

    /// <summary>The number of processes watched now.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _watched.Count;
            }
        }
    }

    /// <summary>Whether <paramref name="pid"/> is watched now (false from the moment its exit is seen).</summary>
    public bool IsWatching(int pid)
    {
        lock (_lock)
        {
            return _watched.ContainsKey(pid);
        }
    }

    /// <summary>
    /// Watches <paramref name="pid"/>: opens its pidfd, then asks <paramref name="sameProcess"/> whether the
    /// PID still names the process the caller means (called without any lock held).
    /// </summary>
    public ExitWatch Watch(int pid, Func<bool> sameProcess)
    {
        ArgumentNullException.ThrowIfNull(sameProcess);
        lock (_lock)
        {
            if (_watched.ContainsKey(pid))
            {
                return ExitWatch.AlreadyWatching;
            }

            if (_watched.Count >= _capacity)
            {
                return ExitWatch.Full;
            }
        }

        int fd;
        try
        {
            fd = Interop.Libc.pidfd_open(pid, 0);
        }
        catch (EntryPointNotFoundException)
        {
            return ExitWatch.Unsupported;
        }

        if (fd < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            return errno switch
            {
                Interop.Errors.ESRCH => ExitWatch.Gone,
                Interop.Errors.ENOSYS => ExitWatch.Unsupported,
                _ => ExitWatch.Full, // EMFILE, ENFILE, ENOMEM: out of descriptors, as good as the bound
            };
        }

        var pidfd = new SafeFileDescriptor(fd);
        if (!sameProcess())
        {
            pidfd.Dispose();
            return ExitWatch.Gone;
        }

        lock (_lock)
        {
            if (_stopping || !_watched.TryAdd(pid, pidfd))
            {
                pidfd.Dispose();
                return _stopping ? ExitWatch.Full : ExitWatch.AlreadyWatching;
            }
        }

        Wake();
        return ExitWatch.Watching;
    }

    public void Dispose()
    {
        _stopping = true;
        Wake();
        if (_thread.IsAlive)
        {
            _thread.Join();
        }

        lock (_lock)
        {
            foreach (SafeFileDescriptor pidfd in _watched.Values)
            {
                pidfd.Dispose();
            }

            _watched.Clear();
        }

        _wake.Dispose();
    }

    private unsafe void Wake()
    {
        if (_wake.IsClosed)
        {
            return;
        }

        ulong one = 1;
        _ = Interop.Libc.write(_wake, &one, sizeof(ulong));
    }

    private unsafe void Run()
    {
        var pids = new List<int>();
        var fds = new Interop.pollfd[1];
        while (!_stopping)
        {
            // The watched set changes only under the lock and only grows outside this thread; the fds
            // polled here are closed only by this thread (or by Dispose after it ended).
            pids.Clear();
            lock (_lock)
            {
                pids.AddRange(_watched.Keys);
                if (fds.Length < pids.Count + 1)
                {
                    fds = new Interop.pollfd[Math.Max(pids.Count + 1, fds.Length * 2)];
                }

                fds[0] = new Interop.pollfd { fd = _wake.RawValue, events = Interop.PollEvents.POLLIN };
                for (int i = 0; i < pids.Count; i++)
                {
                    fds[i + 1] = new Interop.pollfd { fd = _watched[pids[i]].RawValue, events = Interop.PollEvents.POLLIN };
                }
            }

            int ready;
            fixed (Interop.pollfd* p = fds)
            {
                ready = Interop.Libc.poll(p, (nuint)(pids.Count + 1), -1);
            }

            if (ready < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno == Interop.Errors.EINTR)
                {
                    continue;
                }

                ThrowHelper.ThrowErrno(errno, "poll(pidfds)");
            }

            if (fds[0].revents != 0)
            {
                ulong counter;
                _ = Interop.Libc.read(_wake, &counter, sizeof(ulong));
            }

            for (int i = 0; i < pids.Count; i++)
            {
                if (fds[i + 1].revents != 0)
                {
                    Exited(pids[i]);
                }
            }
        }
    }

    private void Exited(int pid)
    {
        lock (_lock)
        {
            if (_watched.Remove(pid, out SafeFileDescriptor? pidfd))
            {
                pidfd.Dispose();
            }
        }

        // Outside the lock: the callback may call Watch (for a new process).
        _exited(pid);
    }
}
