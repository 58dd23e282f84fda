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

    /// <summary>When it returns an error for a service, AddService throws it as the kernel's refusal (an unknown scheduler, …).</summary>
    public Func<IpvsService, string?>? RefuseService { get; set; }

    /// <summary>When it returns an error for a destination, AddDestination throws it.</summary>
    public Func<IpvsDestination, string?>? RefuseDestination { get; set; }

    public void AddService(IpvsService service)
    {
        Calls.Add($"add-svc {service} {service.Scheduler}");
        if (RefuseService?.Invoke(service) is { } error)
        {
            throw new Vigil.Linux.SyscallException(error);
        }
    }

    public void DeleteService(IpvsService service) => Calls.Add($"del-svc {service}");

    public void UpdateService(IpvsService service) => Calls.Add($"set-svc {service} {service.Scheduler}");

    public void AddDestination(IpvsService service, IpvsDestination destination)
    {
        Calls.Add($"add {destination} w{destination.Weight}");
        if (RefuseDestination?.Invoke(destination) is { } error)
        {
            throw new Vigil.Linux.SyscallException(error);
        }
    }

    public void UpdateDestination(IpvsService service, IpvsDestination destination) => Calls.Add($"set {destination} w{destination.Weight}");

    public void DeleteDestination(IpvsService service, IpvsDestination destination) => Calls.Add($"del {destination}");
}
