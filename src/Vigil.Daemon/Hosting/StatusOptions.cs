using System.Net;
using Vigil.Config.Model;

namespace Vigil.Daemon.Hosting;

/// <summary>
/// Where <c>vigil run</c> exposes its state: the runtime directory (control socket and dumps), who
/// besides root may read it, the JSON dump path and the optional Prometheus endpoint.
/// </summary>
public sealed record StatusOptions
{
    public const string DefaultRuntimeDirectory = "/run/vigil";

    public string RuntimeDirectory { get; init; } = DefaultRuntimeDirectory;

    /// <summary>null: <c>RuntimeDirectory/vigil.sock</c>.</summary>
    public string? ControlSocketPath { get; init; }

    /// <summary>The group whose members may use read-only operations (status); null: root only.</summary>
    public uint? ControlGroupId { get; init; }

    /// <summary><c>--json-dump-file</c>; null: global_defs' <c>json_dump_file</c>, else <c>RuntimeDirectory/keepalived.json</c>.</summary>
    public string? JsonDumpFile { get; init; }

    /// <summary>null: no metrics endpoint (the default).</summary>
    public IPEndPoint? MetricsEndpoint { get; init; }

    public string SocketPath => ControlSocketPath ?? Path.Combine(RuntimeDirectory, "vigil.sock");

    /// <summary>SIGUSR1's state dump (keepalived.data layout): global_defs' <c>state_dump_file</c> (keepalived 2.3.3), else in the runtime directory.</summary>
    public string DataDumpPath(GlobalDefs global) => global?.StateDumpFile ?? Path.Combine(RuntimeDirectory, "keepalived.data");

    /// <summary>SIGUSR2's stats dump (keepalived.stats layout): global_defs' <c>stats_dump_file</c>, else in the runtime directory.</summary>
    public string StatsDumpPath(GlobalDefs global) => global?.StatsDumpFile ?? Path.Combine(RuntimeDirectory, "keepalived.stats");

    /// <summary>Signal 36's JSON dump: the command line's path wins over global_defs' <c>json_dump_file</c>, else in the runtime directory.</summary>
    public string JsonDumpPath(GlobalDefs global) => JsonDumpFile ?? global?.JsonDumpFile ?? Path.Combine(RuntimeDirectory, "keepalived.json");
}
