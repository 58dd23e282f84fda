using Vigil.Core.StateMachine;
using static Vigil.Core.Tests.StateMachine.RouterHarness;

namespace Vigil.Core.Tests.StateMachine;

/// <summary>
/// dynamic_interfaces (keepalived 2.2.7): an instance whose interface does not exist starts in FAULT and leaves it
/// when the interface is created (then BACKUP, MASTER after Master_Down_Interval as usual); an interface deleted under
/// a master puts it in FAULT with its addresses released and no priority-0 advert (there is nothing left to send on).
/// </summary>
public class MissingInterfaceTests
{
    private static readonly TimeSpan s_mdi100 = TimeSpan.FromMicroseconds(3_609_375);

    [Fact]
    public void Startup_InterfaceMissing_EntersFaultNamingTheInterface()
    {
        var h = Create();
        h.Step(RouterInput.InterfaceMissing("eth9"), TimeSpan.Zero);

        h.Step(RouterInput.Startup, TimeSpan.Zero);

        Assert.Equal(RouterState.Fault, h.Router.State);
        Assert.Equal(TransitionReasonKind.InterfaceMissing, h.StateChange().Reason.Kind);
        Assert.Equal("interface eth9 does not exist", h.StateChange().Reason.ToString());
        Assert.Null(h.Router.NextDeadline);
    }

    [Fact]
    public void InterfaceAppeared_AfterMissingStart_BackupThenMasterAfterMasterDown()
    {
        var h = Create();
        h.Step(RouterInput.InterfaceMissing("eth9"), TimeSpan.Zero);
        h.Step(RouterInput.Startup, TimeSpan.Zero);

        h.Step(RouterInput.InterfaceAppeared, Seconds(5));

        Assert.Equal(RouterState.Backup, h.Router.State);
        Assert.Equal("fault cleared (interface eth9 created)", h.StateChange().Reason.ToString());
        Assert.Equal(Seconds(5) + s_mdi100, h.Router.NextDeadline);
        h.RunToDeadline();
        Assert.Equal(RouterState.Master, h.Router.State);
        Assert.Contains(RouterActionKind.AddVirtualAddresses, h.Kinds());
    }

    [Fact]
    public void InterfaceAppeared_ButLinkDownOrNoAddress_StaysInFaultUntilBothClear()
    {
        var h = Create();
        h.Step(RouterInput.InterfaceMissing("eth9"), TimeSpan.Zero);
        h.Step(RouterInput.Startup, TimeSpan.Zero);
        // Created down and without an address: the loop reports those before the appearance.
        h.Step(RouterInput.InterfaceDown, Seconds(1));
        h.Step(RouterInput.SourceAddressLost("no IPv4 address on eth9"), Seconds(1));

        h.Step(RouterInput.InterfaceAppeared, Seconds(1));
        Assert.Equal(RouterState.Fault, h.Router.State);
        h.Step(RouterInput.InterfaceUp, Seconds(2));
        Assert.Equal(RouterState.Fault, h.Router.State);
        h.Step(RouterInput.SourceAddressChanged(Mid), Seconds(3));

        Assert.Equal(RouterState.Backup, h.Router.State);
    }

    [Fact]
    public void InterfaceMissing_AsMaster_FaultReleasesAddressesWithoutPriorityZeroAdvert()
    {
        var h = Create();
        TimeSpan became = h.StartAsMaster();

        h.Step(RouterInput.InterfaceMissing("eth9"), became + Seconds(0.5));

        Assert.Equal(RouterState.Fault, h.Router.State);
        Assert.Contains(RouterActionKind.RemoveVirtualAddresses, h.Kinds());
        Assert.DoesNotContain(RouterActionKind.SendAdvertisement, h.Kinds());
        Assert.Null(h.Router.NextDeadline);
    }

    [Fact]
    public void InterfaceDeletedThenCreatedAgain_RecoversToMaster()
    {
        var h = Create();
        TimeSpan became = h.StartAsMaster();
        h.Step(RouterInput.InterfaceMissing("eth9"), became + Seconds(1));

        h.Step(RouterInput.InterfaceAppeared, became + Seconds(2));
        Assert.Equal(RouterState.Backup, h.Router.State);
        h.RunToDeadline();

        Assert.Equal(RouterState.Master, h.Router.State);
        Assert.Equal(5, h.Router.TransitionCount); // Backup, Master, then Fault, Backup, Master
    }

    [Fact]
    public void TrackerFaultHeld_InterfaceAppeared_StaysInFault()
    {
        var h = Create();
        h.Step(RouterInput.InterfaceMissing("eth9"), TimeSpan.Zero);
        h.Step(RouterInput.TrackerFault("chk"), TimeSpan.Zero);
        h.Step(RouterInput.Startup, TimeSpan.Zero);

        h.Step(RouterInput.InterfaceAppeared, Seconds(1));

        Assert.Equal(RouterState.Fault, h.Router.State);
        Assert.True(h.Router.HasFault);
    }
}
