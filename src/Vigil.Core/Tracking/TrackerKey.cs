namespace Vigil.Core.Tracking;

/// <summary>Names one tracked object; its text ("script chk_nginx") is the tracker name given to the state machine.</summary>
public readonly record struct TrackerKey(TrackerKind Kind, string Name)
{
    public static TrackerKey Script(string name) => new(TrackerKind.Script, name);

    public static TrackerKey Interface(string name) => new(TrackerKind.Interface, name);

    public static TrackerKey File(string name) => new(TrackerKind.File, name);

    public static TrackerKey Process(string name) => new(TrackerKind.Process, name);

    public override string ToString() => Kind switch
    {
        TrackerKind.Script => $"script {Name}",
        TrackerKind.Interface => $"interface {Name}",
        TrackerKind.File => $"file {Name}",
        _ => $"process {Name}",
    };
}
