namespace Vigil.Config.Tests.Binding;

/// <summary>
/// unicast_fault_no_peer (keepalived 2.2.4+ vrrp.c): an instance with it and no unicast peers is not refused and does
/// not fall back to multicast; it is kept in FAULT (a warning says so). Without it an empty peer block stays an error.
/// </summary>
public sealed class UnicastFaultNoPeerTests
{
    [Fact]
    public void EmptyPeerBlockWithFaultNoPeer_WarningNotError()
    {
        var result = Conf.BindInstance("unicast_fault_no_peer\nunicast_peer {\n}");

        Assert.Empty(result.Errors());
        result.Single("unicast-no-peer-fault");
        Assert.True(result.Config.Instances[0].UnicastFaultNoPeer);
        Assert.False(result.Config.Instances[0].IsUnicast);
    }

    [Fact]
    public void FaultNoPeerWithPeers_NoDiagnostic() =>
        Assert.DoesNotContain(Conf.BindInstance("unicast_fault_no_peer\nunicast_peer {\n192.0.2.3\n}").Diagnostics, d => d.Code == "unicast-no-peer-fault");
}
