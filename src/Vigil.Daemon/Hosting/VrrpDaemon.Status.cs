using Microsoft.Extensions.Logging;
using Vigil.Daemon.Control;
using Vigil.Daemon.EventLoop;
using Vigil.Daemon.Status;
using Vigil.Linux;
using Vigil.Linux.Control;
using Vigil.Linux.Host;
using Vigil.Linux.Netlink;

namespace Vigil.Daemon.Hosting;

/// <summary>
/// Status exposure around the loop: the control socket, the keepalived-compatible signal dumps and
/// the metrics endpoint. All of them read <see cref="DaemonStatus"/> snapshots taken by the loop;
/// none touches router state or runs on the loop thread.
/// </summary>
public sealed partial class VrrpDaemon
{
    private static readonly TimeSpan s_snapshotTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The LVS side's state for each snapshot (set by <c>vigil run</c> when virtual servers run).</summary>
    public Func<IReadOnlyList<VirtualServerStatus>>? VirtualServers { get; set; }

    /// <summary>Asks the loop for a snapshot; fails after 5 s (loop stopped or stalled) instead of hanging.</summary>
    public async Task<DaemonStatus> GetStatusAsync(CancellationToken cancellationToken)
    {
        var reply = new TaskCompletionSource<DaemonStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_events.Writer.TryWrite(DaemonEvent.SnapshotRequest(reply)))
        {
            throw new InvalidOperationException("the event loop has stopped");
        }

        DaemonStatus status = await reply.Task.WaitAsync(s_snapshotTimeout, cancellationToken).ConfigureAwait(false);
        lock (_scripts)
        {
            status = status with { RunningScripts = [.. _scripts.Where(s => s.IsRunning).Select(s => s.Key.Name)] };
        }

        if (VirtualServers is { } virtualServers)
        {
            status = status with { VirtualServers = virtualServers() };
        }

        try
        {
            using RtNetlink netlink = RtNetlink.Open();
            return KernelVips.Annotate(status, netlink.GetAddresses().Select(a => (a.InterfaceIndex, a.Address)), RtNetlink.GetInterfaceIndex);
        }
        catch (SyscallException)
        {
            return status; // VIPs then show as configured
        }
    }

    /// <summary>
    /// Prepares the runtime directory and starts the control socket (call after <see cref="Create"/>,
    /// before <see cref="RunAsync"/>). Throws <see cref="DaemonSetupException"/> when the directory is unsafe.
    /// </summary>
    public void EnableStatus(StatusOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            RuntimeDirectory.Prepare(options.RuntimeDirectory, options.ControlGroupId);
            var server = new ControlServer(
                ControlSocket.Listen(options.SocketPath, options.ControlGroupId),
                new ControlAccess(HostInspector.EffectiveUserId, options.ControlGroupId),
                GetStatusAsync,
                RequestReload,
                _logger);
            Own(server).Start();
            RegisterDumpSignals(options);
            if (options.MetricsEndpoint is { } metrics)
            {
                StartMetrics(metrics);
            }

            StatusLog.ControlSocketReady(_logger, options.SocketPath, options.ControlGroupId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none (root only)");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Net.Sockets.SocketException)
        {
            throw new DaemonSetupException($"status exposure (control socket {options.SocketPath}, metrics {options.MetricsEndpoint?.ToString() ?? "off"}): {e.Message}");
        }
    }

    private static partial class StatusLog
    {
        [LoggerMessage(EventId = 6101, Level = LogLevel.Information, Message = "control socket {Path} ready (read-only group: {Group})")]
        public static partial void ControlSocketReady(ILogger logger, string path, string group);
    }
}
