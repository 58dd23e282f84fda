using System.CommandLine;
using System.Globalization;
using System.Net;
using Vigil.Daemon.Hosting;
using Vigil.Linux.Host;

namespace Vigil.Cli;

/// <summary>
/// <c>vigil run</c>'s status options: <c>--runtime-dir</c>, <c>--control-socket</c>,
/// <c>--control-group</c>, <c>--json-dump-file</c> and <c>--metrics-listen</c>.
/// </summary>
internal sealed class RunStatusOptions
{
    private readonly Option<string> _runtimeDir = new("--runtime-dir")
    {
        Description = $"root-owned directory for the control socket and the SIGUSR1/SIGUSR2/JSON dumps (default {StatusOptions.DefaultRuntimeDirectory})",
        DefaultValueFactory = _ => StatusOptions.DefaultRuntimeDirectory,
    };

    private readonly Option<string?> _controlSocket = new("--control-socket") { Description = "control socket path (default RUNTIME-DIR/vigil.sock)" };

    private readonly Option<string?> _controlGroup = new("--control-group") { Description = "group (name or gid) whose members may run 'vigil status'; default: root only" };

    private readonly Option<string?> _jsonDumpFile = new("--json-dump-file") { Description = "where signal 36 (SIGRTMIN+2) writes the JSON dump (default: global_defs json_dump_file, else RUNTIME-DIR/keepalived.json)" };

    private readonly Option<string?> _metricsListen = new("--metrics-listen") { Description = "serve Prometheus metrics on ADDRESS:PORT (e.g. 127.0.0.1:9650; a bare PORT means 127.0.0.1); off by default" };

    public static RunStatusOptions AddTo(Command command)
    {
        var options = new RunStatusOptions();
        command.Options.Add(options._runtimeDir);
        command.Options.Add(options._controlSocket);
        command.Options.Add(options._controlGroup);
        command.Options.Add(options._jsonDumpFile);
        command.Options.Add(options._metricsListen);
        return options;
    }

    /// <summary>The options, or null with <paramref name="problem"/> saying what to fix.</summary>
    public StatusOptions? Read(ParseResult parse, out string? problem)
    {
        problem = null;
        uint? group = null;
        if (parse.GetValue(_controlGroup) is string groupText)
        {
            group = uint.TryParse(groupText, NumberStyles.None, CultureInfo.InvariantCulture, out uint gid) ? gid : new HostInspector().GroupId(groupText);
            if (group is null)
            {
                problem = $"--control-group {groupText}: no such group (see getent group)";
                return null;
            }
        }

        IPEndPoint? metrics = null;
        if (parse.GetValue(_metricsListen) is string listen && !TryParseListen(listen, out metrics))
        {
            problem = $"--metrics-listen {listen}: use ADDRESS:PORT such as 127.0.0.1:9650 or [::1]:9650, or a bare PORT for 127.0.0.1";
            return null;
        }

        return new StatusOptions
        {
            RuntimeDirectory = parse.GetValue(_runtimeDir) ?? StatusOptions.DefaultRuntimeDirectory,
            ControlSocketPath = parse.GetValue(_controlSocket),
            ControlGroupId = group,
            JsonDumpFile = parse.GetValue(_jsonDumpFile),
            MetricsEndpoint = metrics,
        };
    }

    /// <summary>ADDRESS:PORT, or a bare PORT meaning loopback: listening beyond loopback needs the address written out.</summary>
    internal static bool TryParseListen(string text, out IPEndPoint? endpoint)
    {
        endpoint = null;
        if (ushort.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ushort port))
        {
            endpoint = new IPEndPoint(IPAddress.Loopback, port);
            return port != 0;
        }

        return text.Contains(':', StringComparison.Ordinal) && IPEndPoint.TryParse(text, out endpoint) && endpoint.Port != 0;
    }
}
