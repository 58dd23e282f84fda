using System.Runtime.InteropServices;
using Vigil.Linux.Processes;

namespace Vigil.Daemon.Hosting;

/// <summary>
/// The first thing <c>vigil run</c> does: catch SIGHUP and keepalived's dump signals (SIGUSR1, SIGUSR2,
/// signal 36) whose default action ends the process, while the configuration is read and the daemon is
/// built. A <c>systemctl reload</c> or a monitoring script's SIGUSR1 sent in those moments must not kill a
/// daemon that has not even started. A SIGHUP that arrives here is remembered and becomes one reload as
/// soon as the daemon runs (the file may have changed after it was read); dump signals are dropped, as
/// there is no state to dump yet. <see cref="VrrpDaemon.RunAsync"/> takes over once its own handlers exist.
/// </summary>
public sealed class StartupSignals : IDisposable
{
    private const int SIGHUP = 1;
    private const int SIGINT = 2;
    private const int SIGTERM = 15;
    private const int SIGUSR1 = 10;
    private const int SIGUSR2 = 12;
    private const int SIGJSON = 36;

    private readonly List<PosixSignalRegistration> _registrations = [];
    private int _hangups;

    private StartupSignals()
    {
    }

    /// <summary>True when a SIGHUP arrived while these handlers held the signals.</summary>
    public bool HangupReceived => Volatile.Read(ref _hangups) > 0;

    /// <summary>Installs the handlers; dispose to hand the signals back (to the daemon's own handlers).</summary>
    public static StartupSignals Hold()
    {
        // A parent's SIG_IGN (nohup's SIGHUP, a background job's SIGINT) would keep .NET from delivering these.
        InheritedSignals.RestoreIgnored(SIGHUP, SIGINT, SIGTERM, SIGUSR1, SIGUSR2, SIGJSON);
        var held = new StartupSignals();
        held._registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true;
            Interlocked.Increment(ref held._hangups);
        }));
        foreach (int signal in (int[])[SIGUSR1, SIGUSR2, SIGJSON])
        {
            held._registrations.Add(PosixSignalRegistration.Create((PosixSignal)signal, context => context.Cancel = true));
        }

        return held;
    }

    public void Dispose()
    {
        foreach (PosixSignalRegistration registration in _registrations)
        {
            registration.Dispose();
        }

        _registrations.Clear();
    }
}
