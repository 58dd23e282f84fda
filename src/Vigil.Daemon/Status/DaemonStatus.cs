namespace Vigil.Daemon.Status;

/// <summary>
/// An immutable copy of everything the loop knows, taken on the loop thread in one go (so every
/// instance is seen at the same moment) and then read anywhere: the control socket, the dumps and
/// the metrics endpoint all render this one record.
/// </summary>
public sealed record DaemonStatus
{
    public int ProcessId { get; init; }

    public DateTimeOffset TakenAt { get; init; }

    public double UptimeSeconds { get; init; }

    public IReadOnlyList<InstanceStatus> Instances { get; init; } = [];

    /// <summary>The vrrp_scripts with a run in progress when the snapshot was taken.</summary>
    public IReadOnlyList<string> RunningScripts { get; init; } = [];

    /// <summary>The LVS side: virtual servers and their real servers' checker state (empty without virtual_server blocks).</summary>
    public IReadOnlyList<VirtualServerStatus> VirtualServers { get; init; } = [];
}

/// <summary>One instance: live state, its configuration facts, trackers, counters and history.</summary>
public sealed record InstanceStatus
{
    public required string Name { get; init; }

    public int VirtualRouterId { get; init; }

    public int Version { get; init; }

    /// <summary>"IPv4" or "IPv6".</summary>
    public string Family { get; init; } = "IPv4";

    /// <summary>keepalived's state name: INIT, BACKUP, MASTER, FAULT or STOP.</summary>
    public required string State { get; init; }

    public int BasePriority { get; init; }

    public int EffectivePriority { get; init; }

    /// <summary>Who is master as far as this node knows: itself when MASTER, else the last accepted advert's source; null when unknown.</summary>
    public string? MasterAddress { get; init; }

    /// <summary>Priority of the last accepted advert (keepalived master_priority); null before the first.</summary>
    public int? MasterPriority { get; init; }

    public double AdvertIntervalSeconds { get; init; }

    public double MasterAdvertIntervalSeconds { get; init; }

    public double TimeInStateSeconds { get; init; }

    public string? LastTransitionReason { get; init; }

    public DateTimeOffset? LastTransitionAt { get; init; }

    public required InstanceInfo Config { get; init; }

    /// <summary>The configured VIPs (as in <see cref="InstanceInfo.Vips"/>) the kernel holds; null when not read.</summary>
    public IReadOnlyList<string>? KernelVips { get; init; }

    public IReadOnlyList<TrackerStatus> Trackers { get; init; } = [];

    public required InstanceCounters Counters { get; init; }

    public IReadOnlyList<TransitionCount> Transitions { get; init; } = [];

    public required FailoverStats Failovers { get; init; }

    /// <summary>The last 100 transitions, oldest first.</summary>
    public IReadOnlyList<TransitionEntry> History { get; init; } = [];
}

/// <summary>One tracker of an instance and its latest reading.</summary>
public sealed record TrackerStatus(string Name, string Kind, int Weight, bool Reverse, string Health, long? Value);

/// <summary>
/// keepalived's vrrp_stats counters (names as in its JSON and stats dumps), plus Vigil's finer
/// per-reason drop counts (<see cref="Vigil.Core.Protocol.DropReason"/> names).
/// </summary>
public sealed record InstanceCounters
{
    public long AdvertRcvd { get; init; }

    public long AdvertSent { get; init; }

    public long BecomeMaster { get; init; }

    public long ReleaseMaster { get; init; }

    public long PacketLenErr { get; init; }

    public long AdvertIntervalErr { get; init; }

    public long IpTtlErr { get; init; }

    public long InvalidTypeRcvd { get; init; }

    public long AddrListErr { get; init; }

    public long InvalidAuthtype { get; init; }

    public long AuthtypeMismatch { get; init; }

    public long AuthFailure { get; init; }

    public long VersErr { get; init; }

    public long ChkErr { get; init; }

    public long PriZeroRcvd { get; init; }

    public long PriZeroSent { get; init; }

    /// <summary>Every non-zero drop reason by name (e.g. TtlError), including those keepalived lumps together.</summary>
    public IReadOnlyDictionary<string, long> Dropped { get; init; } = new Dictionary<string, long>();
}

/// <summary>How many times an instance went From → To for Reason (the kind, e.g. MasterDownTimerExpired).</summary>
public sealed record TransitionCount(string From, string To, string Reason, long Count);

/// <summary>
/// Takeovers after the master went silent or released: time from the last accepted advert of the
/// old master to becoming master. Buckets are cumulative (Prometheus histogram), bounds in seconds.
/// </summary>
public sealed record FailoverStats(long Count, double SumSeconds, double? LastSeconds, IReadOnlyList<double> BucketBounds, IReadOnlyList<long> CumulativeBuckets);

/// <summary>One history entry: states, reason (text and kind), monotonic seconds since start and wall time.</summary>
public sealed record TransitionEntry(string From, string To, string Reason, string ReasonKind, double MonotonicSeconds, DateTimeOffset Time);
