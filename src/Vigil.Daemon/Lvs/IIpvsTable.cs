using Vigil.Linux.Ipvs;

namespace Vigil.Daemon.Lvs;

/// <summary>The IPVS operations the controller needs (the kernel through <see cref="IpvsClient"/>; a recording fake in tests).</summary>
internal interface IIpvsTable
{
    IReadOnlyList<IpvsService> GetServices();

    /// <summary>A service's destinations as the kernel has them, with their counters.</summary>
    IReadOnlyList<IpvsDestination> GetDestinations(IpvsService service);

    void AddService(IpvsService service);

    void DeleteService(IpvsService service);

    /// <summary>Changes a service's scheduler, flags or persistence in place (ipvsadm -E): its destinations and their counters stay.</summary>
    void UpdateService(IpvsService service);

    void AddDestination(IpvsService service, IpvsDestination destination);

    void UpdateDestination(IpvsService service, IpvsDestination destination);

    void DeleteDestination(IpvsService service, IpvsDestination destination);
}

internal sealed class KernelIpvsTable(IpvsClient client) : IIpvsTable
{
    public IReadOnlyList<IpvsService> GetServices() => client.GetServices();

    public IReadOnlyList<IpvsDestination> GetDestinations(IpvsService service) => client.GetDestinations(service);

    public void AddService(IpvsService service) => client.AddService(service);

    public void DeleteService(IpvsService service) => client.DeleteService(service);

    public void UpdateService(IpvsService service) => client.UpdateService(service);

    public void AddDestination(IpvsService service, IpvsDestination destination) => client.AddDestination(service, destination);

    public void UpdateDestination(IpvsService service, IpvsDestination destination) => client.UpdateDestination(service, destination);

    public void DeleteDestination(IpvsService service, IpvsDestination destination) => client.DeleteDestination(service, destination);
}
