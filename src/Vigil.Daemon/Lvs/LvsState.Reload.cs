using Vigil.Config.Model;
using Vigil.Linux;
using Vigil.Linux.Ipvs;

namespace Vigil.Daemon.Lvs;

/// <summary>
/// A reload (SIGHUP) applied to IPVS as keepalived 2.2.7 does it (ipwrapper.c clear_diff_services): services
/// are matched by their kernel key (protocol, address, port, or fwmark). A service gone from the file is
/// deleted; a new one is installed; a kept one is edited in place (IPVS_CMD_SET_SERVICE) only when its
/// scheduler, flags or persistence (timeout, granularity, engine: the kernel's edit rebinds or drops the
/// engine) changed. Within a kept service real servers are matched by address and port: gone ones are
/// deleted, new ones added as at start, kept ones keep their checker verdicts (and, when their checkers are
/// the same, their running checkers) and are edited only when their weight, forwarding method or thresholds
/// changed; a FILE_CHECK's verdict and weight are those of its file read again at the reload, as keepalived
/// does. Nothing else in the table is touched, so connections and counters of unchanged services survive.
/// </summary>
internal sealed partial class LvsState
{
    /// <summary>Reconciles the table with <paramref name="updated"/>; a table call the kernel refuses is reported in the result, and the rest still applied.</summary>
    public LvsReloadResult Reload(IReadOnlyList<VirtualServer> updated)
    {
        var result = new LvsReloadResult();
        foreach ((ServiceState refused, _) in _refused)
        {
            // tried again below, as new services with checkers of their own
            Array.ForEach(refused.Reals, r => r.Retired = true);
            result.Retired.AddRange(refused.Reals);
        }

        _refused.Clear();
        var unmatched = new List<ServiceState>(_services);
        var services = new List<ServiceState>(updated.Count);
        foreach (VirtualServer config in updated)
        {
            IpvsService kernel = LvsMapping.Service(config);
            ServiceState? old = unmatched.FirstOrDefault(s => s.Kernel.SameKey(kernel));
            ServiceState? fresh = old is null ? new ServiceState(config) : null;
            try
            {
                if (fresh is not null)
                {
                    InstallService(fresh);
                    services.Add(fresh);
                    result.Started.AddRange(fresh.Reals);
                    result.Changes.Add($"virtual server {kernel} added");
                    continue;
                }

                unmatched.Remove(old!);
                services.Add(old!);
                ReloadService(old!, config, kernel, result);
            }
            catch (SyscallException e)
            {
                result.Errors.Add($"virtual server {kernel}: {e.Message}");
                if (fresh is not null)
                {
                    Refuse(fresh, e.Message);
                    result.Started.AddRange(fresh.Reals); // its checkers run, as at start
                }
            }
        }

        foreach (ServiceState gone in unmatched)
        {
            result.Retired.AddRange(gone.Reals);
            foreach (RealServerState real in gone.Reals)
            {
                real.Retired = true;
            }

            try
            {
                _table.DeleteService(gone.Kernel);
                result.Changes.Add($"virtual server {gone.Kernel} removed");
            }
            catch (SyscallException e)
            {
                result.Errors.Add($"virtual server {gone.Kernel}: {e.Message}");
            }
        }

        _services = services;
        return result;
    }

    private void ReloadService(ServiceState service, VirtualServer config, IpvsService kernel, LvsReloadResult result)
    {
        if (service.Kernel != kernel)
        {
            _table.UpdateService(kernel);
            result.Changes.Add($"virtual server {kernel} edited in place (scheduler {service.Kernel.Scheduler} → {kernel.Scheduler}, flags {service.Kernel.Flags} → {kernel.Flags}, timeout {service.Kernel.Timeout} → {kernel.Timeout}, persistence engine {service.Kernel.PersistenceEngine ?? "none"} → {kernel.PersistenceEngine ?? "none"})");
        }

        RealServer? oldSorry = service.Config.SorryServer;
        service.Config = config;
        service.Kernel = kernel;
        if (oldSorry != config.SorryServer)
        {
            if (service.SorryInTable && oldSorry is not null)
            {
                _table.DeleteDestination(kernel, LvsMapping.Destination(oldSorry, 0));
                service.SorryInTable = false;
                result.Changes.Add($"sorry server {oldSorry} removed from {kernel}");
            }

            if (service.SorryActive && config.SorryServer is { } sorry)
            {
                SetSorry(service, sorry, sorry.Weight); // stands in as the old one did
                result.Changes.Add($"sorry server {sorry} added to {kernel}");
            }
            else
            {
                service.SorryActive = false; // no sorry server any more: the live real servers come back below
            }
        }

        var unmatched = new List<RealServerState>(service.Reals);
        var reals = new List<RealServerState>(config.RealServers.Count);
        foreach (RealServer real in config.RealServers)
        {
            RealServerState? old = unmatched.FirstOrDefault(r => r.Config.Address.Equals(real.Address) && r.Config.Port == real.Port);
            if (old is null)
            {
                var fresh = new RealServerState(real, service);
                StartVerdicts(fresh, config.Alpha);
                reals.Add(fresh);
                result.Started.Add(fresh);
                if (SyncDestination(service, fresh))
                {
                    result.Changes.Add($"real server {real} added to {kernel}");
                }

                continue;
            }

            unmatched.Remove(old);
            RealServerState kept = old;
            if (!old.Config.Checks.Equals(real.Checks))
            {
                // Other checkers: new ones take over the verdicts of equal old ones (keepalived's migrate_checkers).
                var pool = old.Config.Checks.Select((c, i) => (Check: c, Up: old.Verdict(i))).ToList();
                kept = new RealServerState(real, service);
                kept.WrittenAs(old);
                StartVerdicts(kept, config.Alpha, i =>
                {
                    int match = pool.FindIndex(p => p.Check == real.Checks[i]);
                    if (match < 0)
                    {
                        return null;
                    }

                    bool up = pool[match].Up;
                    pool.RemoveAt(match);
                    return up;
                });
                old.Retired = true;
                result.Retired.Add(old);
                result.Started.Add(kept);
            }

            kept.Config = real;
            RereadKnown(kept);
            reals.Add(kept);
            if (SyncDestination(service, kept))
            {
                result.Changes.Add($"real server {real} of {kernel} updated");
            }
        }

        foreach (RealServerState gone in unmatched)
        {
            gone.Retired = true;
            result.Retired.Add(gone);
            if (gone.InKernel is { } current)
            {
                _table.DeleteDestination(kernel, current);
                gone.Written(null);
            }

            result.Changes.Add($"real server {gone.Config} removed from {kernel}");
        }

        service.Reals = [.. reals];
        UpdateQuorum(service);
    }

    /// <summary>
    /// A kept real server's FILE_CHECKs take their verdict and weight from their file as read at the reload, not
    /// from the old checker: keepalived re-reads every track_file (init_track_files), never migrates a file
    /// checker (it has no compare function) and sets the weights and the down state from the value
    /// (set_track_file_weights, set_track_file_checkers_down). An unchanged file so leaves the server exactly as it
    /// was; one that changed is applied as the change would have been (notify_up/notify_down included).
    /// </summary>
    private void RereadKnown(RealServerState real)
    {
        if (Known is null)
        {
            return;
        }

        bool wasAlive = real.Alive;
        for (int i = 0; i < real.Config.Checks.Count; i++)
        {
            if (Known(real.Config.Checks[i]) is { } known)
            {
                real.SetVerdict(i, known.Up);
                real.SetWeight(i, known.Up ? real.Config.Weight + known.Delta : null);
            }
        }

        if (real.Alive != wasAlive)
        {
            Notify(real.Alive ? real.Config.NotifyUp : real.Config.NotifyDown, $"real server {real.Config} of {real.Service.Kernel} {(real.Alive ? "UP" : "DOWN")} (track_file read at reload)");
        }
    }
}

/// <summary>What a reload changed: real servers whose checkers must start or stop, one line per table change, and the refused calls.</summary>
internal sealed class LvsReloadResult
{
    public List<LvsState.RealServerState> Started { get; } = [];

    public List<LvsState.RealServerState> Retired { get; } = [];

    public List<string> Changes { get; } = [];

    public List<string> Errors { get; } = [];
}
