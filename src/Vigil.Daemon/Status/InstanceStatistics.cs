using Vigil.Core.StateMachine;

namespace Vigil.Daemon.Status;

/// <summary>
/// What the loop counts for one instance besides receive errors (those are in
/// <see cref="Vigil.Core.Protocol.ReceiveCounters"/>): keepalived's <c>advert_sent</c>,
/// <c>pri_zero_sent</c>, <c>become_master</c>, <c>release_master</c>, the last accepted advert
/// (keepalived's <c>master_priority</c>), transitions by reason, failover durations and the
/// transition history. Owned by the single event loop: plain fields, no locks; the per-advert
/// methods allocate nothing.
/// </summary>
public sealed class InstanceStatistics
{
    /// <summary>Upper bounds (seconds) of the failover-duration histogram buckets; the last bucket is +Inf.</summary>
    public static readonly double[] FailoverBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private long[]? _failoverBuckets; // allocated at the first failover: most instances never have one

    // Counts by kind of transition, in a small array grown by one per new kind (a few kinds in an instance's life;
    // a dictionary cost about 220 bytes per instance for the usual two).
    private (TransitionKey Key, long Count)[] _transitions = [];

    public long AdvertsSent { get; private set; }

    public long PriorityZeroSent { get; private set; }

    public long BecameMaster { get; private set; }

    public long ReleasedMaster { get; private set; }

    /// <summary>Priority of the last accepted advert (keepalived <c>master_priority</c>); -1 before the first.</summary>
    public int LastAdvertPriority { get; private set; } = -1;

    /// <summary>Loop time of the last accepted advert; null before the first.</summary>
    public TimeSpan? LastAdvertAt { get; private set; }

    public TransitionHistory History { get; } = new();

    /// <summary>Number of failovers measured, their total and the last one (seconds).</summary>
    public long FailoverCount { get; private set; }

    public double FailoverSecondsSum { get; private set; }

    public double? LastFailoverSeconds { get; private set; }

    public void RecordSent(int priority)
    {
        AdvertsSent++;
        if (priority == 0)
        {
            PriorityZeroSent++;
        }
    }

    public void RecordAdvertReceived(int priority, TimeSpan at)
    {
        LastAdvertPriority = priority;
        LastAdvertAt = at;
    }

    /// <summary>
    /// Records a transition. A takeover after the master went silent or said goodbye is measured as a
    /// failover: from the last advert we accepted from the old master to our becoming master. Startup
    /// (no advert ever seen) and preemption are not failovers.
    /// </summary>
    public void RecordTransition(in TransitionRecord record)
    {
        History.Add(record);
        CountTransition(new TransitionKey(record.From, record.To, record.Reason.Kind));
        if (record.To == RouterState.Master)
        {
            BecameMaster++;
            if (record.Reason.Kind is TransitionReasonKind.MasterDownTimerExpired or TransitionReasonKind.MasterReleased
                && LastAdvertAt is TimeSpan lastAdvert && record.At >= lastAdvert)
            {
                ObserveFailover((record.At - lastAdvert).TotalSeconds);
            }
        }

        if (record.From == RouterState.Master && record.To != RouterState.Master)
        {
            ReleasedMaster++;
        }
    }

    /// <summary>Transition counts by (from, to, reason), in a stable order.</summary>
    public IEnumerable<KeyValuePair<TransitionKey, long>> Transitions =>
        _transitions.Select(t => KeyValuePair.Create(t.Key, t.Count)).OrderBy(t => t.Key.From).ThenBy(t => t.Key.To).ThenBy(t => t.Key.Reason);

    private void CountTransition(TransitionKey key)
    {
        for (int i = 0; i < _transitions.Length; i++)
        {
            if (_transitions[i].Key == key)
            {
                _transitions[i].Count++;
                return;
            }
        }

        Array.Resize(ref _transitions, _transitions.Length + 1);
        _transitions[^1] = (key, 1);
    }

    /// <summary>Cumulative bucket counts (Prometheus histogram semantics), one per bound then +Inf.</summary>
    public long[] CumulativeFailoverBuckets()
    {
        var cumulative = new long[FailoverBuckets.Length + 1];
        long running = 0;
        for (int i = 0; _failoverBuckets is not null && i < _failoverBuckets.Length; i++)
        {
            running += _failoverBuckets[i];
            cumulative[i] = running;
        }

        return cumulative;
    }

    private void ObserveFailover(double seconds)
    {
        FailoverCount++;
        FailoverSecondsSum += seconds;
        LastFailoverSeconds = seconds;
        int bucket = 0;
        while (bucket < FailoverBuckets.Length && seconds > FailoverBuckets[bucket])
        {
            bucket++;
        }

        _failoverBuckets ??= new long[FailoverBuckets.Length + 1];
        _failoverBuckets[bucket]++;
    }
}

/// <summary>Which transition: from, to and the kind of reason.</summary>
public readonly record struct TransitionKey(RouterState From, RouterState To, TransitionReasonKind Reason);
