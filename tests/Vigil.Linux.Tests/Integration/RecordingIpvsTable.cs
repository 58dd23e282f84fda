using System.Diagnostics;
using Vigil.Daemon.Lvs;
using Vigil.Linux.Ipvs;

namespace Vigil.Linux.Tests.Integration;

/// <summary>An IPVS table that records the calls a running <see cref="LvsController"/> makes ("add 192.0.2.11:8080 w1", "del …"), for checker tests on a host without ip_vs.</summary>
internal sealed class RecordingIpvsTable : IIpvsTable
{
    private readonly List<string> _calls = [];

    /// <summary>Polls <paramref name="condition"/> every 20 ms; fails naming <paramref name="what"/> and the calls so far after <paramref name="limit"/>.</summary>
    public static void Within(TimeSpan limit, Func<bool> condition, string what, RecordingIpvsTable table)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < limit, $"{what} within {limit.TotalSeconds} s; table calls: {table}");
            Thread.Sleep(20);
        }
    }

    public bool Has(string call) => Count(call) > 0;

    public int Count(string call)
    {
        lock (_calls)
        {
            return _calls.Count(c => c == call);
        }
    }

    public override string ToString()
    {
        lock (_calls)
        {
            return string.Join(", ", _calls);
        }
    }

    public IReadOnlyList<IpvsService> GetServices() => [];

    public IReadOnlyList<IpvsDestination> GetDestinations(IpvsService service) => [];

    public void UpdateService(IpvsService service) => Record($"set-svc {service}");

    public void AddService(IpvsService service) => Record($"add-svc {service}");

    public void DeleteService(IpvsService service) => Record($"del-svc {service}");

    public void AddDestination(IpvsService service, IpvsDestination destination) => Record($"add {destination} w{destination.Weight}");

    public void UpdateDestination(IpvsService service, IpvsDestination destination) => Record($"set {destination} w{destination.Weight}");

    public void DeleteDestination(IpvsService service, IpvsDestination destination) => Record($"del {destination}");

    private void Record(string call)
    {
        lock (_calls)
        {
            _calls.Add(call);
        }
    }
}
