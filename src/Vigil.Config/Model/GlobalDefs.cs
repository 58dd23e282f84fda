using System.Net;

namespace Vigil.Config.Model;

/// <summary>
/// The <c>global_defs</c> keywords that affect the VRRP side, with keepalived 2.2.7's defaults
/// (keepalived.conf(5) "Global definitions"; defaults the man page omits are from the 2.2.7 source).
/// </summary>
public sealed record GlobalDefs
{
    public static GlobalDefs Default { get; } = new();

    /// <summary>null: the local host name (resolved by the daemon, not here: the config layer is pure).</summary>
    public string? RouterId { get; init; }

    public int VrrpVersion { get; init; } = 2;

    public IPAddress McastGroup4 { get; init; } = IPAddress.Parse("224.0.0.18");

    /// <summary><c>lvs_sync_daemon</c>: the kernel's IPVS connection sync daemon (null: none).</summary>
    public LvsSyncDaemon? LvsSyncDaemon { get; init; }

    public IPAddress McastGroup6 { get; init; } = IPAddress.Parse("ff02::12");

    /// <summary>Interface for VIPs and static addresses written without <c>dev</c>.</summary>
    public string DefaultInterface { get; init; } = "eth0";

    public GarpSettings Garp { get; init; } = GarpSettings.Default;

    /// <summary><c>vrrp_garp_interval</c>: delay between GARPs of one burst.</summary>
    public TimeSpan GarpInterval { get; init; } = TimeSpan.Zero;

    /// <summary><c>vrrp_gna_interval</c>: delay between unsolicited NAs of one burst.</summary>
    public TimeSpan GnaInterval { get; init; } = TimeSpan.Zero;

    public bool MinGarp { get; init; }

    /// <summary>
    /// <c>vrrp_rt_priority</c> (1..99): the SCHED_RR priority of the VRRP threads. null: not set, and Vigil then uses
    /// <see cref="DefaultRealtimePriority"/> (keepalived stays SCHED_OTHER unless it is set; see the daemon for why Vigil does not).
    /// </summary>
    public int? RealtimePriority { get; init; }

    /// <summary>The SCHED_RR priority Vigil's VRRP threads ask for when <c>vrrp_rt_priority</c> is not set.</summary>
    public const int DefaultRealtimePriority = 10;

    public int DownTimerAdverts { get; init; } = 3;

    public bool LowerPriorityNoAdvert { get; init; }

    public bool HigherPrioritySendAdvert { get; init; }

    public bool CheckUnicastSource { get; init; }

    public bool SkipCheckAdvertAddresses { get; init; }

    /// <summary><c>vrrp_strict</c>: enforce RFC rules (see reliability-rules §1.4).</summary>
    public bool Strict { get; init; }

    public bool NotifyPriorityChanges { get; init; }

    public TimeSpan StartupDelay { get; init; } = TimeSpan.Zero;

    public bool LogUnknownVrids { get; init; }

    /// <summary>null: <c>keepalived_script</c> if that user exists, else the daemon's own user.</summary>
    public ScriptUser? ScriptUser { get; init; }

    public bool EnableScriptSecurity { get; init; }

    public FifoSpec? NotifyFifo { get; init; }

    public ScriptCommand? NotifyFifoScript { get; init; }

    public FifoSpec? VrrpNotifyFifo { get; init; }

    public ScriptCommand? VrrpNotifyFifoScript { get; init; }

    public ScriptCommand? StartupScript { get; init; }

    public TimeSpan StartupScriptTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public ScriptCommand? ShutdownScript { get; init; }

    public TimeSpan ShutdownScriptTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public string VmacPrefix { get; init; } = "vrrp";

    /// <summary><c>vmac_addr_prefix</c> as written; null when absent.</summary>
    public string? VmacAddressPrefix { get; init; }

    /// <summary>What names the VMACs of single addresses (use_vmac_addr, an address's use_vmac): vmac_addr_prefix, else vmac_prefix (keepalived 2.2.7).</summary>
    public string AddressVmacPrefix => VmacAddressPrefix ?? VmacPrefix;

    /// <summary><c>dynamic_interfaces</c>: an instance (or track_interface) whose interface does not exist starts in FAULT and follows it by name when created, deleted and created again.</summary>
    public bool DynamicInterfaces { get; init; }

    /// <summary>
    /// <c>dynamic_interfaces allow_if_changes</c>: keepalived 2.2.7 then accepts that an interface of the same name comes back
    /// as another type (macvlan/ipvlan or not) or on another underlying interface, and re-checks VRID clashes on it.
    /// </summary>
    public bool AllowInterfaceChanges { get; init; }

    /// <summary><c>state_dump_file</c> (keepalived 2.3.3): where SIGUSR1's state dump goes; null: the runtime directory's keepalived.data.</summary>
    public string? StateDumpFile { get; init; }

    /// <summary><c>stats_dump_file</c> (keepalived 2.3.3): where SIGUSR2's stats dump goes; null: the runtime directory's keepalived.stats.</summary>
    public string? StatsDumpFile { get; init; }

    /// <summary><c>json_dump_file</c> (keepalived 2.3.3): where signal 36's JSON dump goes; null: the runtime directory's keepalived.json.</summary>
    public string? JsonDumpFile { get; init; }

    public SourceRef Location { get; init; } = SourceRef.None;
}
