using Vigil.Core.Protocol;

namespace Vigil.Core.Tests.Protocol;

public sealed class DropReasonInfoTests
{
    [Fact]
    public void Count_CoversEveryReason() => Assert.Equal(DropReasonInfo.Count, Enum.GetValues<DropReason>().Length);

    [Fact]
    public void IsSilent_OnlyUnknownVrid() =>
        Assert.Equal([DropReason.UnknownVrid], Enum.GetValues<DropReason>().Where(DropReasonInfo.IsSilent));

    [Theory]
    [InlineData(DropReason.PacketLength, "packet_len_err")]
    [InlineData(DropReason.TtlError, "ip_ttl_err")]
    [InlineData(DropReason.ChecksumError, "chk_err")]
    [InlineData(DropReason.AuthFailure, "auth_failure")]
    [InlineData(DropReason.AddressListMismatch, "addr_list_err")]
    [InlineData(DropReason.UnknownVrid, null)]
    public void KeepalivedCounterName_MapsToVrrpStatsField(DropReason reason, string? name) =>
        Assert.Equal(name, DropReasonInfo.KeepalivedCounterName(reason));

    [Fact]
    public void ReceiveCounters_RecordsByReasonAndExcludesSilentFromDropped()
    {
        var counters = new ReceiveCounters();
        counters.Record(DropReason.ChecksumError);
        counters.Record(DropReason.ChecksumError);
        counters.Record(DropReason.UnknownVrid);
        counters.RecordAccepted(new Advertisement(3, IpFamily.IPv4, 1, 0, 1, 100), ReceiveNotes.AddressListDiffers);

        Assert.Equal(2, counters[DropReason.ChecksumError]);
        Assert.Equal(1, counters[DropReason.UnknownVrid]);
        Assert.Equal(2, counters.Dropped);
        Assert.Equal(1, counters.Accepted);
        Assert.Equal(1, counters.PriorityZeroReceived);
        Assert.Equal(1, counters.AddressListDiffered);

        counters.Clear();
        Assert.Equal(0, counters.Dropped + counters.Accepted);
    }
}
