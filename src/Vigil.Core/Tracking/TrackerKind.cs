namespace Vigil.Core.Tracking;

/// <summary>The kinds of object an instance or sync group can track (keepalived.conf(5) track_* blocks).</summary>
public enum TrackerKind
{
    Script,
    Interface,
    File,
    Process,
}
