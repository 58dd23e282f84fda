namespace Vigil.Core.Tracking;

/// <summary>
/// The state of a script, interface or process tracker. <see cref="Unknown"/> is a script that has
/// not finished its first run (keepalived SCRIPT_INIT_STATE_INIT): it moves no priority, and an
/// unweighted one holds its instances back from starting.
/// </summary>
public enum TrackerHealth
{
    Unknown,
    Up,
    Down,
}
