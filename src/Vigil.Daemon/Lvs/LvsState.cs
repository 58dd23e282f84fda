using Vigil.Config.Model;
using Vigil.Linux.Ipvs;

namespace Vigil.Daemon.Lvs;

/// <summary>
/// What the checkers have decided, and what that means for the IPVS table, as keepalived 2.2.7 does it
/// (check_api.c, ipwrapper.c): a real server is in the table while every one of its checkers is up
/// (one success brings a checker up; <c>retry</c> more failures take it down); with
/// <c>inhibit_on_failure</c> a failed server stays at weight 0; when the live weight falls below
/// <c>quorum - hysteresis</c> the sorry server goes in, and comes out at <c>quorum + hysteresis</c>.
/// Pure table logic: the table is an <see cref="IIpvsTable"/>; callers serialise calls.
/// </summary>
internal sealed class LvsState
{
    private readonly IIpvsTable _table;
    private readonly List<ServiceState> _services;

    public LvsState(IEnumerable<VirtualServer> servers, IIpvsTable table)
    {
        _table = table;
        _services = [.. servers.Select(s => new ServiceState(s))];
    }

    public IReadOnlyList<ServiceState> Services => _services;

    /// <summary>
    /// Installs every service: a service of the same key already in the kernel (left by a crashed run, or
    /// set by hand) is removed first, so the table is exactly what the configuration says. Returns the
    /// number of leftovers removed.
    /// </summary>
    public int Install()
    {
        IReadOnlyList<IpvsService> existing = _table.GetServices();
        int removed = 0;
        foreach (ServiceState service in _services)
        {
            foreach (IpvsService old in existing.Where(e => e.SameKey(service.Kernel)))
            {
                _table.DeleteService(old);
                removed++;
            }

            _table.AddService(service.Kernel);
            foreach (RealServerState real in service.Reals)
            {
                real.Checkers = real.Config.Checks.Select(_ => !service.Config.Alpha).ToArray();
                if (real.Alive || real.Config.InhibitOnFailure)
                {
                    _table.AddDestination(service.Kernel, LvsMapping.Destination(real.Config, real.Alive ? real.Config.Weight : 0));
                    real.InTable = true;
                }
            }

            service.QuorumUp = service.LiveWeight >= service.Config.Quorum;
            if (!service.QuorumUp)
            {
                AddSorry(service);
            }
        }

        return removed;
    }

    /// <summary>Removes every service Vigil installed (keepalived does the same at shutdown).</summary>
    public void Uninstall()
    {
        foreach (ServiceState service in _services)
        {
            try
            {
                _table.DeleteService(service.Kernel);
            }
            catch (global::Vigil.Linux.SyscallException)
            {
                // already gone (removed by hand): nothing left to clean
            }
        }
    }

    /// <summary>One checker's verdict; returns the change to the table it caused, if any.</summary>
    public string? Report(int service, int real, int checker, bool up)
    {
        ServiceState s = _services[service];
        RealServerState r = s.Reals[real];
        bool wasAlive = r.Alive;
        r.Checkers[checker] = up;
        if (r.Alive == wasAlive)
        {
            return null;
        }

        IpvsDestination destination = LvsMapping.Destination(r.Config, r.Alive ? r.Config.Weight : 0);
        string change;
        if (r.Config.InhibitOnFailure)
        {
            if (r.InTable)
            {
                _table.UpdateDestination(s.Kernel, destination);
            }
            else
            {
                _table.AddDestination(s.Kernel, destination);
                r.InTable = true;
            }

            change = r.Alive ? $"weight {r.Config.Weight} restored" : "weight set to 0 (inhibit_on_failure)";
        }
        else if (r.Alive)
        {
            _table.AddDestination(s.Kernel, destination);
            r.InTable = true;
            change = "added";
        }
        else
        {
            _table.DeleteDestination(s.Kernel, destination);
            r.InTable = false;
            change = "removed";
        }

        UpdateQuorum(s);
        return change;
    }

    private void UpdateQuorum(ServiceState s)
    {
        int live = s.LiveWeight;
        if (s.QuorumUp && live < s.Config.Quorum - s.Config.Hysteresis)
        {
            s.QuorumUp = false;
            AddSorry(s);
        }
        else if (!s.QuorumUp && live >= s.Config.Quorum + s.Config.Hysteresis)
        {
            s.QuorumUp = true;
            if (s.SorryInTable && s.Config.SorryServer is { } sorry)
            {
                _table.DeleteDestination(s.Kernel, LvsMapping.Destination(sorry, sorry.Weight));
                s.SorryInTable = false;
            }
        }
    }

    private void AddSorry(ServiceState s)
    {
        if (s.Config.SorryServer is { } sorry && !s.SorryInTable)
        {
            _table.AddDestination(s.Kernel, LvsMapping.Destination(sorry, sorry.Weight));
            s.SorryInTable = true;
        }
    }

    internal sealed class ServiceState(VirtualServer config)
    {
        public VirtualServer Config { get; } = config;

        public IpvsService Kernel { get; } = LvsMapping.Service(config);

        public RealServerState[] Reals { get; } = [.. config.RealServers.Select(r => new RealServerState(r))];

        public bool QuorumUp { get; set; } = true;

        public bool SorryInTable { get; set; }

        public int LiveWeight => Reals.Where(r => r.Alive).Sum(r => r.Config.Weight);
    }

    internal sealed class RealServerState(RealServer config)
    {
        public RealServer Config { get; } = config;

        public bool[] Checkers { get; set; } = [];

        /// <summary>Up while every checker is up (a server without checkers is always up).</summary>
        public bool Alive => Checkers.All(c => c);

        public bool InTable { get; set; }
    }
}
