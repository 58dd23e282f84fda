using System.Text.Json.Serialization;

namespace Vigil.Daemon.Status;

/// <summary>
/// keepalived 2.2.x's JSON dump (vrrp_json.c, json_version 1): an array with one
/// <c>{"data": {...}, "stats": {...}}</c> object per instance, fields in keepalived's order and
/// names, so the exporters that read keepalived.json (mehdy/keepalived-exporter --ka.json,
/// gen2brain/keepalived_exporter) read Vigil's too. Deliberate difference: keepalived writes the
/// PASS password as <c>auth_data</c>; Vigil never writes it. Fields Vigil has no equivalent for
/// (scripts, vroutes, vrules, vmac) are left out, as keepalived leaves out empty lists.
/// The stats object is <see cref="InstanceCounters"/> itself, the record the status JSON and the
/// metrics read: snake_case turns its names into keepalived's (<c>advert_rcvd</c>, <c>pri_zero_sent</c> …),
/// and its three extras (<c>vers_err</c>, <c>chk_err</c>, <c>dropped</c>) are ignored by the exporters,
/// which read the fields they know.
/// </summary>
public sealed record KeepalivedJsonEntry(KeepalivedJsonData Data, InstanceCounters Stats);

public sealed record KeepalivedJsonData
{
    public required string Iname { get; init; }

    public int DontTrackPrimary { get; init; }

    public int SkipCheckAdvAddr { get; init; }

    public int StrictMode { get; init; }

    public required string IfpIfname { get; init; }

    public int MasterPriority { get; init; }

    /// <summary>Wall time of the last transition, seconds since the epoch.</summary>
    public double LastTransition { get; init; }

    public double GarpDelay { get; init; }

    public long GarpRefresh { get; init; }

    public int GarpRep { get; init; }

    public int GarpRefreshRep { get; init; }

    public long GarpLowerPrioDelay { get; init; }

    public int GarpLowerPrioRep { get; init; }

    public int LowerPrioNoAdvert { get; init; }

    public int HigherPrioSendAdvert { get; init; }

    public int Vrid { get; init; }

    public int BasePriority { get; init; }

    public int EffectivePriority { get; init; }

    public bool Vipset { get; init; }

    public bool PromoteSecondaries { get; init; }

    public double AdverInt { get; init; }

    public double MasterAdverInt { get; init; }

    public int Accept { get; init; }

    public bool Nopreempt { get; init; }

    public long PreemptDelay { get; init; }

    /// <summary>INIT 0, BACKUP 1, MASTER 2, FAULT 3, STOP 98.</summary>
    public int State { get; init; }

    public int Wantstate { get; init; }

    public int Version { get; init; }

    public bool SmtpAlert { get; init; }

    public bool NotifyDeleted { get; init; }

    public IReadOnlyList<string>? Vips { get; init; }

    public IReadOnlyList<string>? Evips { get; init; }

    public IReadOnlyList<string>? TrackIfp { get; init; }

    public IReadOnlyList<string>? TrackScript { get; init; }

    public IReadOnlyList<string>? TrackProcess { get; init; }

    /// <summary>0 none, 1 PASS, 2 AH; the password itself (keepalived's auth_data) is never written.</summary>
    public int AuthType { get; init; }
}

/// <summary>snake_case, indented like keepalived's writer; source-generated (NativeAOT-clean).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true)]
[JsonSerializable(typeof(KeepalivedJsonEntry[]))]
public sealed partial class KeepalivedJsonContext : JsonSerializerContext;
