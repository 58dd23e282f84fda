using System.Runtime.ExceptionServices;

namespace Vigil.Linux;

/// <summary>
/// Moves the calling thread into a named network namespace (/run/netns/NAME, as `ip netns` makes
/// them). Sockets keep the namespace they were created in, so a thread that enters one, opens its
/// sockets and leaves them to others is enough (keepalived's `net_namespace`; the integration tests).
/// </summary>
public static class NetworkNamespace
{
    public static void EnterThread(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException("a namespace name, not a path", nameof(name));
        }

        using SafeFileDescriptor fd = SafeFileDescriptor.FromResult(
            Interop.Libc.open("/run/netns/" + name, Interop.Files.O_RDONLY | Interop.Files.O_CLOEXEC),
            $"open(/run/netns/{name})");
        ThrowHelper.ThrowIfFailed(Interop.Libc.setns(fd, Interop.Files.CLONE_NEWNET), $"setns({name})");
    }

    /// <summary>
    /// Runs <paramref name="action"/> on a new thread that entered namespace <paramref name="name"/> and
    /// waits for it (setns is per thread: the caller's own thread stays where it is). Sockets created
    /// there belong to the namespace and may be used from any thread afterwards.
    /// </summary>
    public static T Run<T>(string name, Func<T> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        Thread thread = StartThread(name, "netns " + name, () =>
        {
            try
            {
                result = action();
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
        });
        thread.Join();
        failure?.Throw();
        return result;
    }

    /// <summary>Starts a background thread that enters namespace <paramref name="name"/> and then runs <paramref name="body"/>.</summary>
    public static Thread StartThread(string name, string threadName, Action body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var thread = new Thread(() =>
        {
            EnterThread(name);
            body();
        })
        {
            IsBackground = true,
            Name = threadName,
        };
        thread.Start();
        return thread;
    }
}
