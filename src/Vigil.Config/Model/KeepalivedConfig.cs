namespace Vigil.Config.Model;

/// <summary>
/// One node's effective VRRP configuration: everything keepalived's VRRP process reads from
/// keepalived.conf, typed, with defaults applied, and the LVS side (virtual servers) as far as Vigil
/// implements it (the binder names every LVS keyword it does not).
/// </summary>
public sealed record KeepalivedConfig
{
    public static KeepalivedConfig Empty { get; } = new();

    public GlobalDefs Global { get; init; } = GlobalDefs.Default;

    public ValueArray<VrrpScript> Scripts { get; init; } = ValueArray<VrrpScript>.Empty;

    public ValueArray<TrackFile> TrackFiles { get; init; } = ValueArray<TrackFile>.Empty;

    public ValueArray<TrackProcess> TrackProcesses { get; init; } = ValueArray<TrackProcess>.Empty;

    public ValueArray<VrrpInstance> Instances { get; init; } = ValueArray<VrrpInstance>.Empty;

    public ValueArray<VrrpSyncGroup> SyncGroups { get; init; } = ValueArray<VrrpSyncGroup>.Empty;

    public ValueArray<TrackGroup> TrackGroups { get; init; } = ValueArray<TrackGroup>.Empty;

    public ValueArray<AddressEntry> StaticIpAddresses { get; init; } = ValueArray<AddressEntry>.Empty;

    public ValueArray<RouteEntry> StaticRoutes { get; init; } = ValueArray<RouteEntry>.Empty;

    public ValueArray<RuleEntry> StaticRules { get; init; } = ValueArray<RuleEntry>.Empty;

    public ValueArray<LinkbeatInterface> LinkbeatInterfaces { get; init; } = ValueArray<LinkbeatInterface>.Empty;

    public ValueArray<InterfaceUpDownDelay> InterfaceUpDownDelays { get; init; } = ValueArray<InterfaceUpDownDelay>.Empty;

    /// <summary>garp_group blocks: per-interface (or per-switch) GARP/NA spacing overriding the global one.</summary>
    public ValueArray<GarpGroup> GarpGroups { get; init; } = ValueArray<GarpGroup>.Empty;

    /// <summary>The LVS side: IPVS services with their real servers and health checks.</summary>
    public ValueArray<VirtualServer> VirtualServers { get; init; } = ValueArray<VirtualServer>.Empty;

    public VrrpInstance? FindInstance(string name)
    {
        foreach (VrrpInstance instance in Instances)
        {
            if (instance.Name == name)
            {
                return instance;
            }
        }

        return null;
    }
}
