using Vigil.Core.Protocol;
using Vigil.Core.StateMachine;
using Vigil.Core.Tracking;
using Vigil.Daemon.Status;

namespace Vigil.Daemon.EventLoop;

/// <summary>
/// State exposure without locks: readers never touch the routers; they post a
/// <see cref="DaemonEventKind.SnapshotRequested"/> event and the loop answers, between two events,
/// with an immutable <see cref="DaemonStatus"/> through the request's TaskCompletionSource.
/// </summary>
public sealed partial class VrrpEventLoop
{
    /// <summary>Copies the state of every instance (call on the loop thread: the loop does it for a snapshot request).</summary>
    public DaemonStatus Snapshot()
    {
        TimeSpan now = Now;
        DateTimeOffset wall = _clock.GetUtcNow();
        var instances = new InstanceStatus[_bindings.Length];
        for (int i = 0; i < instances.Length; i++)
        {
            instances[i] = Describe(_bindings[i], now);
        }

        return new DaemonStatus
        {
            ProcessId = Environment.ProcessId,
            TakenAt = wall,
            UptimeSeconds = now.TotalSeconds,
            Instances = instances,
        };
    }

    private void AnswerSnapshot(TaskCompletionSource<DaemonStatus>? reply)
    {
        if (reply is null)
        {
            return;
        }

        try
        {
            reply.TrySetResult(Snapshot());
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A status bug must cost the caller an error reply, never the loop.
            reply.TrySetException(e);
        }
    }

    /// <summary>Counts what an executed action means for the statistics (adverts sent, transitions).</summary>
    private void RecordForStatus(RouterBinding binding, in RouterAction action)
    {
        switch (action.Kind)
        {
            case RouterActionKind.SendAdvertisement:
                binding.Statistics.RecordSent(action.Priority);
                break;
            case RouterActionKind.StateChanged:
                binding.Statistics.RecordTransition(new TransitionRecord(action.From, action.To, action.Reason, Now, _clock.GetUtcNow()));
                break;
        }
    }

    private static InstanceStatus Describe(RouterBinding binding, TimeSpan now)
    {
        VirtualRouter router = binding.Router;
        InstanceStatistics statistics = binding.Statistics;
        TransitionRecord? last = statistics.History.Last;
        return new InstanceStatus
        {
            Name = router.Name,
            VirtualRouterId = router.Options.VirtualRouterId,
            Version = router.Options.Version,
            Family = binding.Family == IpFamily.IPv6 ? "IPv6" : "IPv4",
            State = KeepalivedStates.Name(router.State),
            BasePriority = binding.Tracking.BasePriority,
            EffectivePriority = router.EffectivePriority,
            MasterAddress = MasterAddress(router),
            MasterPriority = statistics.LastAdvertPriority < 0 ? null : statistics.LastAdvertPriority,
            AdvertIntervalSeconds = router.Options.AdvertInterval.TotalSeconds,
            MasterAdvertIntervalSeconds = router.MasterAdvertInterval.TotalSeconds,
            TimeInStateSeconds = (now - (last?.At ?? TimeSpan.Zero)).TotalSeconds,
            LastTransitionReason = last?.Reason.ToString(),
            LastTransitionAt = last?.WallTime,
            Config = binding.Info,
            Trackers = TrackersOf(binding),
            Counters = Counters(binding.Counters, statistics, binding.Router),
            Transitions = [.. statistics.Transitions.Select(t => new TransitionCount(
                KeepalivedStates.Name(t.Key.From), KeepalivedStates.Name(t.Key.To), t.Key.Reason.ToString(), t.Value))],
            Failovers = new FailoverStats(statistics.FailoverCount, statistics.FailoverSecondsSum, statistics.LastFailoverSeconds,
                InstanceStatistics.FailoverBuckets, statistics.CumulativeFailoverBuckets()),
            History = [.. statistics.History.ToArray().Select(r => new TransitionEntry(
                KeepalivedStates.Name(r.From), KeepalivedStates.Name(r.To), r.Reason.ToString(), r.Reason.Kind.ToString(), r.At.TotalSeconds, r.WallTime))],
        };
    }

    private static string? MasterAddress(VirtualRouter router)
    {
        if (router.State == RouterState.Master)
        {
            return router.Options.PrimaryAddress.ToString();
        }

        // The router clears MasterAddress to default when it forgets the master (e.g. entering FAULT).
        return router.State == RouterState.Backup && !router.MasterAddress.Equals(default(NetAddress)) ? router.MasterAddress.ToString() : null;
    }

    /// <summary>Each tracker of the instance with its latest reading (file trackers show the number read).</summary>
    private static TrackerStatus[] TrackersOf(RouterBinding binding)
    {
        InstanceTracking tracking = binding.Tracking;
        var trackers = new TrackerStatus[tracking.Bindings.Count];
        for (int i = 0; i < trackers.Length; i++)
        {
            TrackerBinding tracker = tracking.Bindings[i];
            TrackerReading reading = tracking.Reading(tracker.Key);
            string health = tracking.Outcome.Faults.Contains(tracker.Key) ? "fault" : reading.Health.ToString().ToLowerInvariant();
            long? value = tracker.Key.Kind == TrackerKind.File && reading.Health != TrackerHealth.Unknown ? reading.FileValue : null;
            trackers[i] = new TrackerStatus(tracker.Key.ToString(), tracker.Key.Kind.ToString(), tracker.Weight, tracker.Reverse, health, value);
        }

        return trackers;
    }

    private static InstanceCounters Counters(ReceiveCounters received, InstanceStatistics statistics, VirtualRouter router)
    {
        long Sum(string keepalivedName)
        {
            long total = 0;
            for (int i = 1; i < DropReasonInfo.Count; i++)
            {
                if (DropReasonInfo.KeepalivedCounterName((DropReason)i) == keepalivedName)
                {
                    total += received[(DropReason)i];
                }
            }

            return total;
        }

        var dropped = new Dictionary<string, long>(StringComparer.Ordinal);
        for (int i = 1; i < DropReasonInfo.Count; i++)
        {
            var reason = (DropReason)i;
            if (!DropReasonInfo.IsSilent(reason) && received[reason] > 0)
            {
                dropped[reason.ToString()] = received[reason];
            }
        }

        return new InstanceCounters
        {
            AdvertRcvd = received.Accepted,
            AdvertSent = statistics.AdvertsSent,
            BecomeMaster = statistics.BecameMaster,
            ReleaseMaster = statistics.ReleasedMaster,
            PacketLenErr = Sum("packet_len_err"),
            AdvertIntervalErr = Sum("advert_interval_err"),
            IpTtlErr = Sum("ip_ttl_err"),
            InvalidTypeRcvd = Sum("invalid_type_rcvd"),
            AddrListErr = Sum("addr_list_err"),
            InvalidAuthtype = Sum("invalid_authtype"),
            AuthtypeMismatch = Sum("authtype_mismatch"),
            AuthFailure = Sum("auth_failure"),
            VersErr = Sum("vers_err"),
            ChkErr = Sum("chk_err"),
            PriZeroRcvd = received.PriorityZeroReceived,
            PriZeroSent = statistics.PriorityZeroSent,
            AddressListDiffered = received.AddressListDiffered,
            AlternateChecksumForm = received.AlternateChecksumForm,
            OwnAdvertsReceived = received.OwnAdvertsReceived,
            LowerPriorityAnswersSuppressed = router.SuppressedLowerPriorityAnswers,
            Dropped = dropped,
        };
    }
}
