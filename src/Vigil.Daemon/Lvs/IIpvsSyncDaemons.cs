using Vigil.Linux.Ipvs;

namespace Vigil.Daemon.Lvs;

/// <summary>The kernel's IPVS sync daemons (the kernel through <see cref="IpvsClient"/>; a recording fake in tests).</summary>
internal interface IIpvsSyncDaemons
{
    void Start(IpvsSyncDaemon daemon);

    /// <summary>False when no daemon of that role was running.</summary>
    bool Stop(IpvsSyncRole role);
}

internal sealed class KernelIpvsSyncDaemons(IpvsClient client) : IIpvsSyncDaemons, IDisposable
{
    public void Start(IpvsSyncDaemon daemon) => client.StartSyncDaemon(daemon);

    public bool Stop(IpvsSyncRole role) => client.StopSyncDaemon(role);

    public void Dispose() => client.Dispose();
}
