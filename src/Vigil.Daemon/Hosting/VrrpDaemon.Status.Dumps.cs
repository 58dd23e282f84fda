using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Extensions.Logging;
using Vigil.Daemon.Metrics;
using Vigil.Daemon.Status;
using Vigil.Linux.Control;

namespace Vigil.Daemon.Hosting;

/// <summary>
/// keepalived's dump signals and the metrics endpoint. SIGUSR1 writes the state dump, SIGUSR2 the
/// stats, signal 36 (SIGRTMIN+2, keepalived's SIGJSON) the JSON dump; each file is written fresh
/// with mode 0600 and renamed into place (<see cref="PrivateFile"/>) in the runtime directory, never
/// under /tmp (keepalived CVE-2018-19044..19046). A signal only starts the work: the snapshot comes
/// from the loop and the file is written on the thread pool; a signal arriving while the same dump
/// is still being written is coalesced into it.
/// </summary>
public sealed partial class VrrpDaemon
{
    private const int SIGUSR1 = 10;
    private const int SIGUSR2 = 12;
    private const int SIGJSON = 36; // keepalived: SIGRTMIN + 2 with glibc (SIGRTMIN = 34)

    private readonly int[] _dumpBusy = new int[3];

    private void RegisterDumpSignals(StatusOptions options)
    {
        // Paths are resolved per signal: a reload may have changed global_defs' *_dump_file.
        _signals.Add(PosixSignalRegistration.Create((PosixSignal)SIGUSR1, c => OnDumpSignal(c, 0, "SIGUSR1", options.DataDumpPath(RunningGlobals), s => Encoding.UTF8.GetBytes(KeepalivedDumps.Data(s)))));
        _signals.Add(PosixSignalRegistration.Create((PosixSignal)SIGUSR2, c => OnDumpSignal(c, 1, "SIGUSR2", options.StatsDumpPath(RunningGlobals), s => Encoding.UTF8.GetBytes(KeepalivedDumps.Stats(s)))));
        _signals.Add(PosixSignalRegistration.Create((PosixSignal)SIGJSON, c => OnDumpSignal(c, 2, "SIGJSON", options.JsonDumpPath(RunningGlobals), KeepalivedDumps.Json)));
    }

    /// <summary>The running configuration's global_defs (replaced by a reload on the loop thread; a reference read is atomic).</summary>
    private Config.Model.GlobalDefs RunningGlobals => Volatile.Read(ref _config).Global;

    private void StartMetrics(IPEndPoint endpoint)
    {
        MetricsServer server = Own(MetricsServer.Start(endpoint, GetStatusAsync, _logger));
        DumpLog.MetricsListening(_logger, server.LocalEndPoint.ToString() ?? endpoint.ToString());
        if (!IPAddress.IsLoopback(endpoint.Address))
        {
            DumpLog.MetricsBeyondLoopback(_logger, endpoint.ToString());
        }
    }

    private void OnDumpSignal(PosixSignalContext context, int slot, string signal, string path, Func<DaemonStatus, byte[]> render)
    {
        context.Cancel = true; // the default action of these signals would end the process
        if (Interlocked.Exchange(ref _dumpBusy[slot], 1) == 1)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                DaemonStatus status = await GetStatusAsync(CancellationToken.None).ConfigureAwait(false);
                PrivateFile.Write(path, render(status));
                DumpLog.Written(_logger, signal, path);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                DumpLog.Failed(_logger, signal, path, e.Message);
            }
            finally
            {
                Volatile.Write(ref _dumpBusy[slot], 0);
            }
        });
    }

    private static partial class DumpLog
    {
        [LoggerMessage(EventId = 6111, Level = LogLevel.Information, Message = "{Signal}: wrote {Path}")]
        public static partial void Written(ILogger logger, string signal, string path);

        [LoggerMessage(EventId = 6112, Level = LogLevel.Warning, Message = "{Signal}: could not write {Path}: {Error}")]
        public static partial void Failed(ILogger logger, string signal, string path, string error);

        [LoggerMessage(EventId = 6113, Level = LogLevel.Information, Message = "Prometheus metrics on http://{Endpoint}/metrics")]
        public static partial void MetricsListening(ILogger logger, string endpoint);

        [LoggerMessage(EventId = 6114, Level = LogLevel.Warning, Message = "metrics endpoint {Endpoint} is reachable beyond this host: firewall it or use 127.0.0.1")]
        public static partial void MetricsBeyondLoopback(ILogger logger, string endpoint);
    }
}
