using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Vigil.Linux.Systemd;
using Vigil.Linux.Timing;

namespace Vigil.Daemon.Hosting;

/// <summary>
/// systemd Type=notify (sd_notify(3)): READY=1 once the loop runs, RELOADING=1 with MONOTONIC_USEC
/// when a reload begins (then READY=1 again), STOPPING=1 on shutdown, WATCHDOG=1 pets and STATUS=
/// lines. Without $NOTIFY_SOCKET (not started by systemd) every call does nothing. Send failures are
/// logged once and otherwise ignored: the service manager going away must not stop VRRP.
/// </summary>
public sealed partial class ServiceNotifier : IDisposable
{
    private static readonly byte[] s_watchdog = "WATCHDOG=1"u8.ToArray();
    private readonly NotifySocket? _socket;
    private readonly ILogger _logger;
    private int _failures;

    private ServiceNotifier(NotifySocket? socket, TimeSpan? watchdogInterval, ILogger logger)
    {
        _socket = socket;
        WatchdogInterval = watchdogInterval;
        _logger = logger;
    }

    /// <summary>True when started by systemd with a notification socket.</summary>
    public bool Enabled => _socket is not null;

    /// <summary>WatchdogSec= of the unit (from $WATCHDOG_USEC, meant for this process per $WATCHDOG_PID); null when off.</summary>
    public TimeSpan? WatchdogInterval { get; }

    /// <summary>How often to pet: half the watchdog interval, as sd_watchdog_enabled(3) recommends.</summary>
    public TimeSpan? PetInterval => WatchdogInterval / 2;

    /// <summary>Reads $NOTIFY_SOCKET, $WATCHDOG_USEC and $WATCHDOG_PID of this process.</summary>
    public static ServiceNotifier FromEnvironment(ILogger logger) =>
        Create(Environment.GetEnvironmentVariable("NOTIFY_SOCKET"), Environment.GetEnvironmentVariable("WATCHDOG_USEC"), Environment.GetEnvironmentVariable("WATCHDOG_PID"), Environment.ProcessId, logger);

    /// <summary>The environment's values as arguments (tests).</summary>
    public static ServiceNotifier Create(string? notifySocket, string? watchdogUsec, string? watchdogPid, int processId, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        if (string.IsNullOrEmpty(notifySocket))
        {
            return new ServiceNotifier(null, null, logger);
        }

        NotifySocket socket;
        try
        {
            socket = NotifySocket.Open(notifySocket);
        }
        catch (ArgumentException e)
        {
            Log.UnsupportedSocket(logger, e.Message);
            return new ServiceNotifier(null, null, logger);
        }

        return new ServiceNotifier(socket, ParseWatchdog(watchdogUsec, watchdogPid, processId), logger);
    }

    /// <summary>
    /// sd_watchdog_enabled(3): WATCHDOG_USEC is a positive number of microseconds; when WATCHDOG_PID is
    /// set, the watchdog is meant only for that process (a child that inherited the variables must not pet).
    /// </summary>
    public static TimeSpan? ParseWatchdog(string? watchdogUsec, string? watchdogPid, int processId)
    {
        if (!ulong.TryParse(watchdogUsec, NumberStyles.None, CultureInfo.InvariantCulture, out ulong usec) || usec == 0)
        {
            return null;
        }

        if (!string.IsNullOrEmpty(watchdogPid) && (!int.TryParse(watchdogPid, NumberStyles.None, CultureInfo.InvariantCulture, out int pid) || pid != processId))
        {
            return null;
        }

        return TimeSpan.FromMicroseconds(Math.Min(usec, (ulong)TimeSpan.MaxValue.TotalMicroseconds / 2));
    }

    /// <summary>READY=1: the loop runs (after start, and after a reload was applied).</summary>
    public void Ready(string status) => Send("READY=1\n", status);

    /// <summary>RELOADING=1 with the monotonic time the reload began (systemd 253 checks it; older ones ignore it).</summary>
    public void Reloading(string status) =>
        Send($"RELOADING=1\nMONOTONIC_USEC={MonotonicClock.NowNanoseconds / 1000}\n", status);

    /// <summary>STOPPING=1: the shutdown (priority 0, VIP release) has begun.</summary>
    public void Stopping(string status) => Send("STOPPING=1\n", status);

    /// <summary>A free-form STATUS= line (shown by systemctl status).</summary>
    public void Status(string status) => Send(string.Empty, status);

    /// <summary>WATCHDOG=1. Called on the loop thread, so a stuck loop stops petting and systemd restarts it.</summary>
    public void PetWatchdog()
    {
        if (_socket is not null)
        {
            Report(_socket.Send(s_watchdog));
        }
    }

    public void Dispose() => _socket?.Dispose();

    private void Send(string assignments, string status)
    {
        if (_socket is not null)
        {
            // STATUS is one line: a newline inside would start a new (unintended) assignment.
            Report(_socket.Send(Encoding.UTF8.GetBytes(assignments + "STATUS=" + status.ReplaceLineEndings(" "))));
        }
    }

    private void Report(int errno)
    {
        if (errno != 0 && Interlocked.Increment(ref _failures) == 1)
        {
            Log.SendFailed(_logger, _socket!.Address, errno);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 140, Level = LogLevel.Warning, Message = "systemd notification not sent to {Address} (errno {Errno}); further failures are not logged")]
        public static partial void SendFailed(ILogger logger, string address, int errno);

        [LoggerMessage(EventId = 141, Level = LogLevel.Warning, Message = "systemd notifications off: {Reason}")]
        public static partial void UnsupportedSocket(ILogger logger, string reason);
    }
}
