using Vigil.Config.Model;

namespace Vigil.Config.Binding;

/// <summary><c>vrrp_sync_group NAME { }</c> (keepalived.conf(5) "VRRP synchronization group(s)", reference §2.5).</summary>
internal static class SyncGroupKeywords
{
    public static KeywordTable<SyncGroupBuilder> Table { get; } = new("vrrp_sync_group",
    [
        Keyword<SyncGroupBuilder>.Block("group", (b, n, c) =>
        {
            b.GroupSeen = true;
            b.Value = b.Value with { Instances = new ValueArray<string>(b.Value.Instances.Concat(TrackEntryParser.Names(n, c).Select(x => x.Name))) };
        }),
        Keyword<SyncGroupBuilder>.Block("track_interface", (b, n, c) => b.Value = b.Value with { TrackInterfaces = new(b.Value.TrackInterfaces.Concat(TrackEntryParser.Interfaces(n, c))) }),
        Keyword<SyncGroupBuilder>.Block("track_script", (b, n, c) => b.Value = b.Value with { TrackScripts = new(b.Value.TrackScripts.Concat(TrackEntryParser.References(n, 253, c))) }),
        Keyword<SyncGroupBuilder>.Block("track_file", (b, n, c) => b.Value = b.Value with { TrackFiles = new(b.Value.TrackFiles.Concat(TrackEntryParser.References(n, 254, c))) }),
        Keyword<SyncGroupBuilder>.Block("track_process", (b, n, c) => b.Value = b.Value with { TrackProcesses = new(b.Value.TrackProcesses.Concat(TrackEntryParser.References(n, 254, c))) }),
        Keyword<SyncGroupBuilder>.Line("notify_master", (b, n, c) => b.Value = ScriptLine.Command(n, c) is { } s ? b.Value with { Notify = b.Value.Notify with { Master = s } } : b.Value),
        Keyword<SyncGroupBuilder>.Line("notify_backup", (b, n, c) => b.Value = ScriptLine.Command(n, c) is { } s ? b.Value with { Notify = b.Value.Notify with { Backup = s } } : b.Value),
        Keyword<SyncGroupBuilder>.Line("notify_fault", (b, n, c) => b.Value = ScriptLine.Command(n, c) is { } s ? b.Value with { Notify = b.Value.Notify with { Fault = s } } : b.Value),
        Keyword<SyncGroupBuilder>.Line("notify_stop", (b, n, c) => b.Value = ScriptLine.Command(n, c) is { } s ? b.Value with { Notify = b.Value.Notify with { Stop = s } } : b.Value),
        Keyword<SyncGroupBuilder>.Line("notify", (b, n, c) => b.Value = ScriptLine.Command(n, c) is { } s ? b.Value with { Notify = b.Value.Notify with { Notify = s } } : b.Value),
        Keyword<SyncGroupBuilder>.Line("notify_priority_changes", (b, n, c) => b.Value = c.Bool(n) is { } v ? b.Value with { NotifyPriorityChanges = v } : b.Value),
        Keyword<SyncGroupBuilder>.Line("smtp_alert", (b, n, c) => b.Value = c.Bool(n) is { } v ? b.Value with { SmtpAlert = v } : b.Value),
        Keyword<SyncGroupBuilder>.Line("sync_group_tracking_weight", (b, n, c) => b.Value = b.Value with { SyncGroupTrackingWeight = c.Flag(n) is true }),
    ],
    ["track_bfd", "global_tracking"]);
}
