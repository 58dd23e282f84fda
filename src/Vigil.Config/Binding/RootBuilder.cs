using Vigil.Config.Model;

namespace Vigil.Config.Binding;

/// <summary>Everything the top level of the file declared, in order.</summary>
internal sealed class RootBuilder
{
    public GlobalBuilder Global { get; } = new();

    public List<Box<VrrpScript>> Scripts { get; } = [];

    public List<Box<TrackFile>> TrackFiles { get; } = [];

    public List<Box<TrackProcess>> TrackProcesses { get; } = [];

    public List<InstanceBuilder> Instances { get; } = [];

    public List<SyncGroupBuilder> SyncGroups { get; } = [];

    public List<VirtualServerBuilder> VirtualServers { get; } = [];

    /// <summary><c>virtual_server_group</c> blocks by name, their entries expanded.</summary>
    public Dictionary<string, List<VirtualServerGroupEntry>> VirtualServerGroups { get; } = new(StringComparer.Ordinal);

    public List<TrackGroup> TrackGroups { get; } = [];

    public List<AddressEntry> StaticIpAddresses { get; } = [];

    public List<RouteEntry> StaticRoutes { get; } = [];

    public List<RuleEntry> StaticRules { get; } = [];

    public List<LinkbeatInterface> LinkbeatInterfaces { get; } = [];

    public List<InterfaceUpDownDelay> InterfaceUpDownDelays { get; } = [];

    public List<GarpGroup> GarpGroups { get; } = [];

    public SslClientSettings? Ssl { get; set; }

    /// <summary>Scripts declared without a <c>script</c> line (an error once the block is read).</summary>
    public HashSet<Box<VrrpScript>> ScriptsWithoutCommand { get; } = [];

    public HashSet<Box<TrackFile>> TrackFilesWithoutPath { get; } = [];

    public HashSet<Box<TrackProcess>> TrackProcessesWithoutProcess { get; } = [];
}
