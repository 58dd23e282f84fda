namespace Vigil.Core.Protocol;

/// <summary>
/// Per-instance receive counters indexed by <see cref="DropReason"/> (None counts accepted adverts,
/// keepalived <c>advert_rcvd</c>), plus the accepted-with-notes and priority-0 counts.
/// Owned by the single event loop, so plain increments suffice.
/// </summary>
public sealed class ReceiveCounters
{
    // Created at the first advert counted: a master in a pair never receives one (176 B each of 1,000 instances).
    private long[]? _byReason;

    public long this[DropReason reason] => _byReason is { } counts ? counts[(int)reason] : 0;

    /// <summary>Accepted adverts (keepalived <c>advert_rcvd</c>).</summary>
    public long Accepted => this[DropReason.None];

    /// <summary>Accepted with priority 0 (keepalived <c>pri_zero_rcvd</c>).</summary>
    public long PriorityZeroReceived { get; private set; }

    /// <summary>Accepted although the address list differs (logged; v3, or v2 from the owner).</summary>
    public long AddressListDiffered { get; private set; }

    /// <summary>Accepted with the other v3 IPv4 checksum form.</summary>
    public long AlternateChecksumForm { get; private set; }

    /// <summary>Adverts of this VRID whose source is this router's own address (looped back, or an address conflict); never an election input.</summary>
    public long OwnAdvertsReceived { get; private set; }

    /// <summary>Total dropped, excluding silently ignored unknown VRIDs.</summary>
    public long Dropped
    {
        get
        {
            long total = 0;
            long[] counts = _byReason ?? [];
            for (int i = 1; i < counts.Length; i++)
            {
                if (!DropReasonInfo.IsSilent((DropReason)i))
                {
                    total += counts[i];
                }
            }

            return total;
        }
    }

    public void Record(DropReason reason) => (_byReason ??= new long[DropReasonInfo.Count])[(int)reason]++;

    public void RecordOwnAdvert() => OwnAdvertsReceived++;

    /// <summary>Records an accepted advert and its notes.</summary>
    public void RecordAccepted(in Advertisement advertisement, ReceiveNotes notes)
    {
        (_byReason ??= new long[DropReasonInfo.Count])[(int)DropReason.None]++;
        if (advertisement.Priority == 0)
        {
            PriorityZeroReceived++;
        }

        if ((notes & ReceiveNotes.AddressListDiffers) != 0)
        {
            AddressListDiffered++;
        }

        if ((notes & ReceiveNotes.AlternateChecksumForm) != 0)
        {
            AlternateChecksumForm++;
        }
    }

    public void Clear()
    {
        if (_byReason is { } counts)
        {
            Array.Clear(counts);
        }

        PriorityZeroReceived = 0;
        AddressListDiffered = 0;
        AlternateChecksumForm = 0;
        OwnAdvertsReceived = 0;
    }
}
