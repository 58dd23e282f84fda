namespace Vigil.Core.Tracking;

/// <summary>
/// The latest observation of one tracker: a health for scripts, interfaces and processes, or the
/// number read from a track_file (<see cref="FileValue"/>, with <see cref="Health"/> Up once read).
/// </summary>
public readonly record struct TrackerReading(TrackerHealth Health, long FileValue)
{
    public static TrackerReading Unknown => default;

    public static TrackerReading Up => new(TrackerHealth.Up, 0);

    public static TrackerReading Down => new(TrackerHealth.Down, 0);

    public static TrackerReading File(long value) => new(TrackerHealth.Up, value);

    public static TrackerReading Of(bool up) => up ? Up : Down;
}
