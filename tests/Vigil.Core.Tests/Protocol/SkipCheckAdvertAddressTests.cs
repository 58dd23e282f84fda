using Vigil.Core.Protocol;
using Vigil.Core.StateMachine;
using Vigil.Core.Tests.StateMachine;

namespace Vigil.Core.Tests.Protocol;

/// <summary>
/// skip_check_adv_addr as keepalived 2.2.7's vrrp_state_backup: a backup does not compare the address list of an
/// advert whose source is the master it last processed an advert from (master_saddr); any other source is compared
/// (rule 19: v2 drops a different list unless priority 255, v3 accepts and counts it).
/// </summary>
public sealed class SkipCheckAdvertAddressTests
{
    private static readonly NetAddress s_newSource = NetAddress.Parse("192.0.2.9");

    private static byte[] DifferentList(ReceiveExpectation expected, in PacketEnvelope envelope) =>
        Packets.Mutated(Packets.For(expected, envelope), envelope, m => m[11] = 99);

    [Fact]
    public void Validate_V2DifferentListFromKnownMasterWithSkip_AcceptedNotCompared()
    {
        var skip = Packets.V2None with { SkipCheckAdvertAddresses = true };
        byte[] message = DifferentList(skip, Packets.Multicast4);

        var reason = AdvertisementValidator.Validate(message, Packets.Multicast4, skip, Packets.Peer4, out var advert, out var notes);

        Assert.Equal(DropReason.None, reason);
        Assert.Equal(ReceiveNotes.None, notes);
        var counters = new ReceiveCounters();
        counters.RecordAccepted(advert, notes);
        Assert.Equal((1, 0), (counters.Accepted, counters.AddressListDiffered));
    }

    [Fact]
    public void Validate_V2DifferentListFromNewSourceWithSkip_StillDropped()
    {
        var skip = Packets.V2None with { SkipCheckAdvertAddresses = true };
        var envelope = Packets.Multicast4 with { Source = s_newSource };
        byte[] message = DifferentList(skip, envelope);

        Assert.Equal(DropReason.AddressListMismatch, AdvertisementValidator.Validate(message, envelope, skip, Packets.Peer4, out _, out _));
    }

    [Fact]
    public void Validate_V2DifferentListFromKnownMasterWithoutSkip_Dropped()
    {
        byte[] message = DifferentList(Packets.V2None, Packets.Multicast4);

        Assert.Equal(DropReason.AddressListMismatch, AdvertisementValidator.Validate(message, Packets.Multicast4, Packets.V2None, Packets.Peer4, out _, out _));
    }

    [Fact]
    public void Validate_V2DifferentListWithSkipButNoKnownMaster_Dropped()
    {
        // keepalived: master_saddr unset (family AF_UNSPEC) means check.
        var skip = Packets.V2None with { SkipCheckAdvertAddresses = true };
        byte[] message = DifferentList(skip, Packets.Multicast4);

        Assert.Equal(DropReason.AddressListMismatch, AdvertisementValidator.Validate(message, Packets.Multicast4, skip, default, out _, out _));
    }

    [Fact]
    public void Validate_V3DifferentList_CountedFromNewSourceNotFromKnownMaster()
    {
        var skip = Packets.V3 with { SkipCheckAdvertAddresses = true };
        var counters = new ReceiveCounters();
        var stranger = Packets.Multicast4 with { Source = s_newSource };

        Assert.Equal(DropReason.None, AdvertisementValidator.Validate(DifferentList(skip, stranger), stranger, skip, Packets.Peer4, out var fromNew, out var newNotes));
        counters.RecordAccepted(fromNew, newNotes);
        Assert.Equal(DropReason.None, AdvertisementValidator.Validate(DifferentList(skip, Packets.Multicast4), Packets.Multicast4, skip, Packets.Peer4, out var fromKnown, out var knownNotes));
        counters.RecordAccepted(fromKnown, knownNotes);

        Assert.Equal((ReceiveNotes.AddressListDiffers, ReceiveNotes.None), (newNotes, knownNotes));
        Assert.Equal((2, 1), (counters.Accepted, counters.AddressListDiffered));
    }

    [Fact]
    public void Validate_UnicastKnownMasterNotAPeerWithSkip_SourceCheckStillApplies()
    {
        // keepalived 2.2.7 also skipped the unicast source check with the list (fixed after 2.2.7); Vigil keeps it.
        var stranger = Packets.Unicast4 with { Source = s_newSource };
        var skip = Packets.V3Unicast with { SkipCheckAdvertAddresses = true };

        Assert.Equal(DropReason.UnicastSourceNotPeer, AdvertisementValidator.Validate(DifferentList(skip, stranger), stranger, skip, s_newSource, out _, out _));
    }

    [Fact]
    public void KnownMaster_BackupAfterAnAcceptedAdvert_IsItsSourceAndUnsetAsMaster()
    {
        var h = RouterHarness.Create();
        h.Step(RouterInput.Startup, TimeSpan.Zero);
        Assert.Equal(default, h.Router.KnownMaster);

        h.Advert(150, RouterHarness.High, RouterHarness.Seconds(1));
        Assert.Equal(RouterHarness.High, h.Router.KnownMaster);

        // A lower priority is discarded (we preempt) but keepalived still records master_saddr.
        h.Advert(50, RouterHarness.Low, RouterHarness.Seconds(2));
        Assert.Equal(RouterHarness.Low, h.Router.KnownMaster);

        h.RunToDeadline();
        Assert.Equal(RouterState.Master, h.Router.State);
        Assert.Equal(default, h.Router.KnownMaster); // a master always compares (vrrp_state_master_rx)
    }

    [Fact]
    public void Validate_V2BackupWithSkip_KnownMastersNewListAcceptedAnotherSourcesDropped()
    {
        var skip = Packets.V2None with { SkipCheckAdvertAddresses = true };
        var h = RouterHarness.Create();
        h.Step(RouterInput.Startup, TimeSpan.Zero);
        var master = Packets.Multicast4 with { Source = RouterHarness.High };
        Assert.Equal(DropReason.None, AdvertisementValidator.Validate(Packets.For(skip, master), master, skip, h.Router.KnownMaster, out _, out _));
        h.Advert(150, RouterHarness.High, RouterHarness.Seconds(1));

        // The master's list changes (e.g. it was reloaded): still accepted from it; the same list from a new source is not.
        Assert.Equal(DropReason.None, AdvertisementValidator.Validate(DifferentList(skip, master), master, skip, h.Router.KnownMaster, out _, out _));
        var other = Packets.Multicast4 with { Source = RouterHarness.Low };
        Assert.Equal(DropReason.AddressListMismatch, AdvertisementValidator.Validate(DifferentList(skip, other), other, skip, h.Router.KnownMaster, out _, out _));
    }

    [Fact]
    public void Validate_SkippedComparison_AllocatesNothing()
    {
        var skip = Packets.V2None with { SkipCheckAdvertAddresses = true };
        byte[] message = DifferentList(skip, Packets.Multicast4);
        PacketEnvelope envelope = Packets.Multicast4;
        NetAddress known = Packets.Peer4;
        DropReason reason = AdvertisementValidator.Validate(message, envelope, skip, known, out _, out _);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            reason = AdvertisementValidator.Validate(message, envelope, skip, known, out _, out _);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(DropReason.None, reason);
    }
}
