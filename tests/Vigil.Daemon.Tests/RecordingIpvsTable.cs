using Vigil.Daemon.Lvs;
using Vigil.Linux.Ipvs;

namespace Vigil.Daemon.Tests;

/// <summary>An IPVS table that records each call as one line ("add-svc …", "add 192.0.2.11:80 w1", "set …", "del …").</summary>
internal sealed class RecordingIpvsTable : IIpvsTable
{
    public List<IpvsService> Existing { get; } = [];

    public List<string> Calls { get; } = [];

    public IReadOnlyList<IpvsService> GetServices() => Existing;

    public IReadOnlyList<IpvsDestination> GetDestinations(IpvsService service) => [];

    public void AddService(IpvsService service) => Calls.Add($"add-svc {service} {service.Scheduler}");

    public void DeleteService(IpvsService service) => Calls.Add($"del-svc {service}");

    public void UpdateService(IpvsService service) => Calls.Add($"set-svc {service} {service.Scheduler}");

    public void AddDestination(IpvsService service, IpvsDestination destination) => Calls.Add($"add {destination} w{destination.Weight}");

    public void UpdateDestination(IpvsService service, IpvsDestination destination) => Calls.Add($"set {destination} w{destination.Weight}");

    public void DeleteDestination(IpvsService service, IpvsDestination destination) => Calls.Add($"del {destination}");
}
