namespace Vigil.Core.Tracking;

/// <summary>
/// rise/fall for one vrrp_script, as keepalived's vrrp_scheduler.c vrrp_script_child_thread keeps
/// it: a counter in 0..rise+fall−1 that is "up" from rise. Down needs <c>rise</c> consecutive
/// successes to come up, up needs <c>fall</c> consecutive failures to go down. Before the first
/// result the health is Unknown, and the first result decides at once in either direction
/// (keepalived starts the counter at rise−1 and reports the first failure whatever <c>fall</c> is);
/// <c>init_fail</c> starts it Down at 0. A timeout or a signal counts as a failure.
/// </summary>
public sealed class ScriptResultPolicy
{
    private readonly int _rise;
    private readonly int _fall;
    private int _result;

    public ScriptResultPolicy(int rise, int fall, bool initFail)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rise, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(fall, 1);
        _rise = rise;
        _fall = fall;
        _result = initFail ? 0 : rise - 1;
        Health = initFail ? TrackerHealth.Down : TrackerHealth.Unknown;
    }

    public TrackerHealth Health { get; private set; }

    /// <summary>Applies one run's result; true when <see cref="Health"/> changed.</summary>
    public bool Record(bool success)
    {
        TrackerHealth before = Health;
        if (success)
        {
            if (_result < _rise - 1)
            {
                _result++;
            }
            else
            {
                _result = _rise + _fall - 1;
                Health = TrackerHealth.Up;
            }
        }
        else if (_result > _rise)
        {
            _result--;
        }
        else
        {
            _result = 0;
            Health = TrackerHealth.Down;
        }
        return Health != before;
    }
}
