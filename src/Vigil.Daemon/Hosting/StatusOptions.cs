using System.Net;

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

    /// <summary>null: <c>RuntimeDirectory/keepalived.json</c> (keepalived 2.3's json_dump_file sets it too).</summary>
    public string? JsonDumpFile { get; init; }

    /// <summary>null: no metrics endpoint (the default).</summary>
    public IPEndPoint? MetricsEndpoint { get; init; }

    public string SocketPath => ControlSocketPath ?? Path.Combine(RuntimeDirectory, "vigil.sock");

    /// <summary>SIGUSR1's state dump (keepalived.data layout).</summary>
    public string DataDumpFile => Path.Combine(RuntimeDirectory, "keepalived.data");

    /// <summary>SIGUSR2's stats dump (keepalived.stats layout).</summary>
    public string StatsDumpFile => Path.Combine(RuntimeDirectory, "keepalived.stats");

    public string JsonDumpPath => JsonDumpFile ?? Path.Combine(RuntimeDirectory, "keepalived.json");
}
