using System.CommandLine;
using Microsoft.Extensions.Logging;
using Vigil.Cli.Check;
using Vigil.Cli.Logging;
using Vigil.Config.Diagnostics;
using Vigil.Config.Syntax;
using Vigil.Daemon.Hosting;
using Vigil.Daemon.Lvs;
using Vigil.Linux;
using Vigil.Linux.Host;
using Vigil.Linux.Ipvs;

namespace Vigil.Cli;

/// <summary>
/// <c>vigil run [-f FILE] [--config-id ID] [-n] [-l] [-D] [-p PIDFILE]</c>: the daemon, in the foreground
/// (what a systemd unit starts). keepalived's flags are accepted so an existing unit file keeps working:
/// -n is what Vigil always does, -D turns on debug detail, -S logs to syslog, -g to a file, -u sets the umask. Exit 1 before touching the network when
/// the configuration has errors, an interface is missing, CAP_NET_RAW/CAP_NET_ADMIN are missing, or a
/// capability its scripts need to run as their users is missing (<see cref="ScriptPrivileges"/>);
/// exit 0 after a SIGTERM/SIGINT shutdown that released every VIP.
/// </summary>
internal static class RunCommand
{
    private const string DefaultFile = "/etc/keepalived/keepalived.conf";

    public static Command Create()
    {
        var file = new Option<string>("--use-file", "-f") { Description = $"configuration file (default {DefaultFile})", DefaultValueFactory = _ => DefaultFile };
        var configId = new Option<string?>("--config-id", "-i") { Description = "config id for @ID lines (default: host name up to the first dot)" };
        var dontFork = new Option<bool>("--dont-fork", "-n") { Description = "accepted for keepalived compatibility: Vigil always runs in the foreground" };
        var logConsole = new Option<bool>("--log-console", "-l") { Description = "log to stderr (what Vigil does anyway unless --log-facility sends the log to syslog)" };
        var logFacility = new Option<string?>("--log-facility", "-S") { Description = "log to syslog (/dev/log) under this facility instead of stderr: 0-7 (local0-7), local0-local7, user or daemon" };
        var logFile = new Option<string?>("--log-file", "-g") { Description = "also append the log to this file" };
        var umask = new Option<string?>("--umask", "-u") { Description = "file-creation mask, in octal (e.g. 0077)" };
        var logDetail = new Option<bool>("--log-detail", "-D") { Description = "log in detail (debug level: every dropped advert and why)" };
        var pidFile = new Option<string?>("--pid", "-p") { Description = "write the process id to this file while running" };

        var command = new Command("run", "Run the VRRP daemon in the foreground for a keepalived.conf.");
        command.Options.Add(file);
        command.Options.Add(configId);
        command.Options.Add(dontFork);
        command.Options.Add(logConsole);
        command.Options.Add(logDetail);
        command.Options.Add(logFacility);
        command.Options.Add(logFile);
        command.Options.Add(umask);
        command.Options.Add(pidFile);
        var statusOptions = RunStatusOptions.AddTo(command);
        command.SetAction(parse =>
        {
            // Before anything else: a SIGHUP (or dump signal) during start-up must not end the process,
            // and descriptors this process was started with must not reach any script.
            using StartupSignals held = StartupSignals.Hold();
            Vigil.Linux.Processes.InheritedDescriptors.MarkCloseOnExec();
            if (statusOptions.Read(parse, out string? problem) is not StatusOptions status)
            {
                parse.InvocationConfiguration.Error.WriteLine($"vigil run: {problem}");
                return 1;
            }

            if (LogTargets.Read(parse.GetValue(logConsole), parse.GetValue(logFacility), parse.GetValue(logFile), out problem) is not LogTargets targets
                || !TryApplyUmask(parse.GetValue(umask), out problem))
            {
                parse.InvocationConfiguration.Error.WriteLine($"vigil run: {problem}");
                return 1;
            }

            return Run(parse.GetValue(file) ?? DefaultFile, parse.GetValue(configId), parse.GetValue(logDetail) ? targets with { Detail = true } : targets, parse.GetValue(pidFile), status, held, parse.InvocationConfiguration.Error);
        });
        return command;
    }

    /// <summary>keepalived's -u: the mask in octal, applied before any file (pid file, dumps, socket) is created.</summary>
    private static bool TryApplyUmask(string? text, out string? problem)
    {
        problem = null;
        if (text is null)
            return true;
        try
        {
            uint mask = Convert.ToUInt32(text, 8);
            if (mask <= 0x1FF)
            {
                FileCreationMask.Set(mask);
                return true;
            }
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
        }

        problem = $"--umask {text}: use an octal mask from 0 to 0777, such as 0077";
        return false;
    }

    private static int Run(string file, string? configId, LogTargets logs, string? pidFile, StatusOptions status, StartupSignals held, TextWriter error)
    {
        CheckReport report = CheckRunner.Run(new CheckRequest([file], configId is null ? [] : [configId], OnThisHost: true), new PhysicalConfigFileSystem(), HostChecks.For);
        foreach (Diagnostic diagnostic in report.Nodes.SelectMany(n => DiagnosticOrder.ForReading(n.Diagnostics)))
        {
            error.WriteLine(diagnostic.ToString());
        }

        if (!report.WouldRun)
        {
            error.WriteLine($"vigil run: refusing to start: {report.Errors} error(s) in {file} (see above; 'vigil check {file}' explains them too).");
            return 1;
        }

        IReadOnlyList<string> missing = Privileges.Missing();
        if (missing.Count > 0)
        {
            error.WriteLine($"vigil run: refusing to start: this process lacks {string.Join(" and ", missing)}, needed for raw VRRP sockets and for adding VIPs; run as root or grant them (systemd: AmbientCapabilities=CAP_NET_RAW CAP_NET_ADMIN).");
            return 1;
        }

        IReadOnlyList<string> scripts = ScriptPrivileges.Missing(report.Nodes[0].Config, new Vigil.Linux.Host.HostInspector());
        if (scripts.Count > 0)
        {
            error.WriteLine($"vigil run: refusing to start: scripts could not run as their users: {string.Join("; ", scripts)}, which this process lacks; grant them (systemd: add them to CapabilityBoundingSet= and AmbientCapabilities=, as the packaged vigil.service does) or set script_user root.");
            return 1;
        }

        using LogFactory loggers = CreateLoggers(logs);
        VrrpDaemon daemon;
        try
        {
            daemon = VrrpDaemon.Create(report.Nodes[0].Config, file, loggers);
            daemon.ConfigLoader = () => ReloadLoader.Load(file, configId);
            daemon.HeldSignals = held;
            try
            {
                daemon.EnableStatus(status);
            }
            catch
            {
                daemon.Dispose();
                throw;
            }
        }
        catch (Exception e) when (e is DaemonSetupException or SyscallException)
        {
            error.WriteLine($"vigil run: refusing to start: {e.Message}");
            return 1;
        }

        using (daemon)
        {
            LvsController? lvs = null;
            if (!report.Nodes[0].Config.VirtualServers.IsEmpty)
            {
                try
                {
                    lvs = LvsController.Start(report.Nodes[0].Config.VirtualServers, report.Nodes[0].Config.Global, loggers.CreateLogger("vigil.lvs"));
                    daemon.VirtualServers = lvs.Snapshot;
                }
                catch (Exception e) when (e is IpvsUnavailableException or SyscallException)
                {
                    error.WriteLine($"vigil run: refusing to start: {file}: {report.Nodes[0].Config.VirtualServers.Count} virtual_server block(s) cannot be installed: {e.Message}");
                    return 1;
                }
            }

            ILogger lvsLogger = loggers.CreateLogger("vigil.lvs");
            LvsSyncDaemonController? sync = null;
            if (report.Nodes[0].Config.Global.LvsSyncDaemon is { } syncSettings)
            {
                try
                {
                    sync = LvsSyncDaemonController.Start(report.Nodes[0].Config, lvsLogger);
                    daemon.StateObserver = sync;
                }
                catch (Exception e) when (e is IpvsUnavailableException or SyscallException)
                {
                    lvs?.Dispose();
                    error.WriteLine($"vigil run: refusing to start: {syncSettings.Location}: lvs_sync_daemon cannot run: {e.Message}");
                    return 1;
                }
            }

            daemon.VirtualServersReload = config =>
            {
                if (sync is not null)
                {
                    sync.Reconfigure(config, daemon.IsMaster);
                }
                else if (config.Global.LvsSyncDaemon is not null)
                {
                    sync = LvsSyncDaemonController.Start(config, lvsLogger, daemon.IsMaster); // added by a reload: in the role its instance has now
                    daemon.StateObserver = sync;
                }

                if (lvs is not null)
                {
                    lvs.Reload(config.VirtualServers);
                }
                else if (!config.VirtualServers.IsEmpty)
                {
                    // the first virtual servers, added by a reload: started as at start-up
                    lvs = LvsController.Start(config.VirtualServers, config.Global, lvsLogger);
                    daemon.VirtualServers = lvs.Snapshot;
                }
            };
            WritePidFile(pidFile);
            try
            {
                daemon.RunAsync().GetAwaiter().GetResult();
            }
            finally
            {
                sync?.Dispose();
                lvs?.Dispose();
                if (pidFile is not null)
                {
                    File.Delete(pidFile);
                }
            }
        }

        return 0;
    }

    /// <summary>
    /// One line per message on stderr, no colours. Under systemd (JOURNAL_STREAM set) the journal stamps
    /// each line itself, so lines carry the sd-daemon priority prefix instead of a timestamp.
    /// </summary>
    private static LogFactory CreateLoggers(LogTargets logs)
    {
        var providers = new List<ILoggerProvider>();
        if (logs.SyslogFacility is int facility)
        {
            providers.Add(new LineLoggerProvider(new SyslogSink(facility)));
        }

        if (logs.File is string path)
        {
            providers.Add(new LineLoggerProvider(new FileSink(path)));
        }

        if (logs.Console)
        {
            IConsoleLineFormat format = Environment.GetEnvironmentVariable("JOURNAL_STREAM") is null ? TimestampedLineFormat.Instance : JournalLineFormat.Instance;
            providers.Add(new ConsoleLoggerProvider(format, new BackgroundWriter(Console.OpenStandardError(), dropped => DroppedNotice(format, dropped), "vigil log")));
        }

        return new LogFactory(logs.Detail ? LogLevel.Debug : LogLevel.Information, providers);
    }

    private static string DroppedNotice(IConsoleLineFormat format, long dropped)
    {
        var text = new System.Text.StringBuilder();
        format.Append(text, LogLevel.Warning, "vigil", 0, $"{dropped} log line(s) dropped: stderr was not read fast enough", null, DateTimeOffset.UtcNow);
        return text.ToString();
    }

    private static void WritePidFile(string? pidFile)
    {
        if (pidFile is not null)
        {
            // Never through a symlink planted at the path, and 0644 whatever the umask.
            Vigil.Linux.Control.PrivateFile.Write(pidFile, System.Text.Encoding.ASCII.GetBytes(Environment.ProcessId + "\n"), Vigil.Linux.Control.PrivateFile.Readable);
        }
    }
}
