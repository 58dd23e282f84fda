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
}
