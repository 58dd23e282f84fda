using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Vigil.Daemon.Status;

/// <summary>
/// The three keepalived dumps rendered from one <see cref="DaemonStatus"/>: SIGUSR1's state dump
/// (keepalived.data), SIGUSR2's counters (keepalived.stats) and signal 36's JSON (keepalived.json).
/// The text layouts follow keepalived's "Key = value" lines closely enough for the exporters that
/// parse them; keepalived itself calls that format unstable. Pure: no file system, no clock.
/// </summary>
public static partial class KeepalivedDumps
{
    private static readonly CultureInfo s_c = CultureInfo.InvariantCulture;

    public static string Data(DaemonStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var text = new StringBuilder();
        text.Append(s_c, $"------< Vigil VRRP state dump (pid {status.ProcessId}, {status.TakenAt:yyyy-MM-dd HH:mm:ss}Z) >------\n");
        text.Append("------< VRRP Topology >------\n");
        foreach (InstanceStatus i in status.Instances)
        {
            InstanceInfo c = i.Config;
            text.Append(s_c, $" VRRP Instance = {i.Name}\n");
            text.Append(s_c, $"   VRRP Version = {i.Version}\n");
            text.Append(s_c, $"   State = {i.State}\n");
            text.Append(s_c, $"   Wantstate = {i.State}\n");
            text.Append(s_c, $"   Last transition = {EpochSeconds(i.LastTransitionAt):F6} ({i.LastTransitionAt:ddd MMM d HH:mm:ss.ffffff yyyy}) reason: {i.LastTransitionReason ?? "-"}\n");
            text.Append(s_c, $"   Time in state = {i.TimeInStateSeconds:F3} secs\n");
            text.Append(s_c, $"   Interface = {c.Interface}\n");
            text.Append(s_c, $"   Using src_ip = {c.SourceAddress}\n");
            text.Append(s_c, $"   Virtual Router ID = {i.VirtualRouterId}\n");
            text.Append(s_c, $"   Priority = {i.BasePriority}\n");
            text.Append(s_c, $"   Effective priority = {i.EffectivePriority}\n");
            text.Append(s_c, $"   Master router = {i.MasterAddress ?? "(unknown)"}\n");
            text.Append(s_c, $"   Master priority = {MasterPriority(i)}\n");
            text.Append(s_c, $"   Advert interval = {i.AdvertIntervalSeconds * 1000:0} milli-sec\n");
            text.Append(s_c, $"   Master advert interval = {i.MasterAdvertIntervalSeconds * 1000:0} milli-sec\n");
            text.Append(s_c, $"   Accept = {Enabled(c.Accept)}\n");
            text.Append(s_c, $"   Preempt = {Enabled(!c.Nopreempt)}\n");
            text.Append(s_c, $"   Preempt delay = {c.PreemptDelaySeconds} secs\n");
            text.Append(s_c, $"   Authentication type = {c.AuthType}\n"); // the type only: never the password
            text.Append(s_c, $"   Gratuitous ARP delay = {c.GarpDelaySeconds}\n");
            text.Append(s_c, $"   Gratuitous ARP repeat = {c.GarpRepeat}\n");
            text.Append(s_c, $"   Gratuitous ARP refresh = {c.GarpRefreshSeconds}\n");
            text.Append(s_c, $"   Gratuitous ARP refresh repeat = {c.GarpRefreshRepeat}\n");
            text.Append(s_c, $"   Gratuitous ARP lower priority delay = {c.GarpLowerPriorityDelaySeconds}\n");
            text.Append(s_c, $"   Gratuitous ARP lower priority repeat = {c.GarpLowerPriorityRepeat}\n");
            List("Virtual IP", c.Vips);
            List("Virtual IP Excluded", c.ExcludedVips);
            List("Unicast Peer", c.UnicastPeers);
            if (i.Trackers.Count > 0)
            {
                text.Append(s_c, $"   Tracked objects ({i.Trackers.Count}):\n");
                foreach (TrackerStatus t in i.Trackers)
                {
                    text.Append(s_c, $"     {t.Name} weight {(t.Reverse ? "reverse " : "")}{t.Weight} state {t.Health}\n");
                }
            }
        }

        LvsData(text, status);
        return text.ToString();

        void List(string title, IReadOnlyList<string> items)
        {
            if (items.Count == 0)
            {
                return;
            }

            text.Append(s_c, $"   {title} ({items.Count}):\n");
            foreach (string item in items)
            {
                text.Append(s_c, $"     {item}\n");
            }
        }
    }

    public static string Stats(DaemonStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var text = new StringBuilder();
        foreach (InstanceStatus i in status.Instances)
        {
            InstanceCounters n = i.Counters;
            text.Append(s_c, $"VRRP Instance: {i.Name}\n");
            text.Append(s_c, $"  Advertisements:\n    Received: {n.AdvertRcvd}\n    Sent: {n.AdvertSent}\n");
            text.Append(s_c, $"  Became master: {n.BecomeMaster}\n  Released master: {n.ReleaseMaster}\n");
            text.Append(s_c, $"  Packet Errors:\n    Length: {n.PacketLenErr}\n    TTL: {n.IpTtlErr}\n    Invalid Type: {n.InvalidTypeRcvd}\n");
            text.Append(s_c, $"    Advertisement Interval: {n.AdvertIntervalErr}\n    Address List: {n.AddrListErr}\n");
            text.Append(s_c, $"  Authentication Errors:\n    Invalid Type: {n.InvalidAuthtype}\n    Type Mismatch: {n.AuthtypeMismatch}\n    Failure: {n.AuthFailure}\n");
            text.Append(s_c, $"  Priority Zero:\n    Received: {n.PriZeroRcvd}\n    Sent: {n.PriZeroSent}\n");
        }

        LvsStats(text, status);
        return text.ToString();
    }

    public static byte[] Json(DaemonStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        KeepalivedJsonEntry[] entries = [.. status.Instances.Select(Entry)];
        return JsonSerializer.SerializeToUtf8Bytes(entries, KeepalivedJsonContext.Default.KeepalivedJsonEntryArray);
    }

    private static KeepalivedJsonEntry Entry(InstanceStatus i)
    {
        InstanceInfo c = i.Config;
        int state = KeepalivedStates.Number(i.State);
        var data = new KeepalivedJsonData
        {
            Iname = i.Name,
            DontTrackPrimary = c.DontTrackPrimary ? 1 : 0,
            SkipCheckAdvAddr = c.SkipCheckAdvertAddresses ? 1 : 0,
            StrictMode = c.Strict ? 1 : 0,
            IfpIfname = c.Interface,
            MasterPriority = MasterPriority(i),
            LastTransition = EpochSeconds(i.LastTransitionAt),
            GarpDelay = c.GarpDelaySeconds,
            GarpRefresh = (long)c.GarpRefreshSeconds,
            GarpRep = c.GarpRepeat,
            GarpRefreshRep = c.GarpRefreshRepeat,
            GarpLowerPrioDelay = (long)c.GarpLowerPriorityDelaySeconds,
            GarpLowerPrioRep = c.GarpLowerPriorityRepeat,
            LowerPrioNoAdvert = c.LowerPriorityNoAdvert ? 1 : 0,
            HigherPrioSendAdvert = c.HigherPrioritySendAdvert ? 1 : 0,
            Vrid = i.VirtualRouterId,
            BasePriority = i.BasePriority,
            EffectivePriority = i.EffectivePriority,
            Vipset = i.State == "MASTER",
            PromoteSecondaries = c.PromoteSecondaries,
            AdverInt = i.AdvertIntervalSeconds,
            MasterAdverInt = i.MasterAdvertIntervalSeconds,
            Accept = c.Accept ? 1 : 0,
            Nopreempt = c.Nopreempt,
            PreemptDelay = (long)c.PreemptDelaySeconds,
            State = state,
            Wantstate = state,
            Version = i.Version,
            SmtpAlert = c.SmtpAlert,
            Vips = NullIfEmpty(c.Vips),
            Evips = NullIfEmpty(c.ExcludedVips),
            TrackIfp = NullIfEmpty(c.TrackInterfaces),
            TrackScript = NullIfEmpty(c.TrackScripts),
            TrackProcess = NullIfEmpty(c.TrackProcesses),
            AuthType = c.AuthType switch
            {
                "PASS" => 1,
                "AH" => 2,
                _ => 0,
            },
        };
        return new KeepalivedJsonEntry(data, i.Counters);
    }

    /// <summary>keepalived's master_priority: our own when MASTER, else the last accepted advert's, else 0.</summary>
    private static int MasterPriority(InstanceStatus i) => i.State == "MASTER" ? i.EffectivePriority : i.MasterPriority ?? 0;

    private static double EpochSeconds(DateTimeOffset? at) => at is DateTimeOffset t ? t.ToUnixTimeMilliseconds() / 1000.0 : 0;

    private static string Enabled(bool on) => on ? "enabled" : "disabled";

    private static IReadOnlyList<string>? NullIfEmpty(IReadOnlyList<string> items) => items.Count == 0 ? null : items;
}
