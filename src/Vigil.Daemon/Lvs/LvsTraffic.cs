using System.Net;
using Vigil.Config.Model;
using Vigil.Daemon.Status;
using Vigil.Linux;
using Vigil.Linux.Ipvs;

namespace Vigil.Daemon.Lvs;

/// <summary>
/// The kernel's view of Vigil's services for one snapshot: one service dump plus one destination dump per
/// service (what ipvsadm -Ln --stats reads), matched to the configuration by key. A table that cannot be
/// read leaves the counters out rather than failing the snapshot.
/// </summary>
internal sealed class LvsTraffic
{
    public static readonly LvsTraffic None = new([], []);

    private readonly Dictionary<LvsState.ServiceState, IpvsService> _services;
    private readonly Dictionary<LvsState.ServiceState, IReadOnlyList<IpvsDestination>> _destinations;

    private LvsTraffic(Dictionary<LvsState.ServiceState, IpvsService> services, Dictionary<LvsState.ServiceState, IReadOnlyList<IpvsDestination>> destinations)
    {
        _services = services;
        _destinations = destinations;
    }

    public static LvsTraffic Read(LvsState state, IIpvsTable table)
    {
        try
        {
            IReadOnlyList<IpvsService> kernel = table.GetServices();
            var services = new Dictionary<LvsState.ServiceState, IpvsService>(ReferenceEqualityComparer.Instance);
            var destinations = new Dictionary<LvsState.ServiceState, IReadOnlyList<IpvsDestination>>(ReferenceEqualityComparer.Instance);
            foreach (LvsState.ServiceState service in state.Services)
            {
                if (kernel.FirstOrDefault(k => k.SameKey(service.Kernel)) is { } found)
                {
                    services[service] = found;
                    destinations[service] = table.GetDestinations(service.Kernel);
                }
            }

            return new LvsTraffic(services, destinations);
        }
        catch (SyscallException)
        {
            return None;
        }
    }

    public TrafficStatus? Of(LvsState.ServiceState service) => Traffic(_services.GetValueOrDefault(service)?.Stats);

    public TrafficStatus? Of(LvsState.ServiceState service, LvsState.RealServerState real) => Traffic(Destination(service, real)?.Stats);

    public IpvsDestination? Destination(LvsState.ServiceState service, LvsState.RealServerState real) =>
        _destinations.GetValueOrDefault(service)?.FirstOrDefault(d => d.Address.Equals(real.Config.Address) && d.Port == real.Config.Port);

    /// <summary>"ADDRESS:PORT" as the exporters print it (Go's IP.String(): IPv6 without brackets).</summary>
    public static string ExporterAddress(IPAddress address, ushort port) => $"{address}:{port}";

    public static string MethodName(LvsMethod method) => method switch { LvsMethod.DirectRoute => "DR", LvsMethod.Tunnel => "TUN", _ => "NAT" };

    private static TrafficStatus? Traffic(IpvsStats? stats) => stats is null ? null : new(stats.Connections, stats.InPackets, stats.OutPackets, stats.InBytes, stats.OutBytes);
}
