using Vigil.Config.Model;
using Vigil.Core.Notify;

namespace Vigil.Core.Tests.Notify;

/// <summary>Arguments and FIFO lines as keepalived.conf(5) documents them.</summary>
public class NotifyFormatTests
{
    private static readonly NotifyEvent s_master = new(NotifySubject.Instance, "VI_1", NotifyState.Master, 100);

    [Fact]
    public void FifoLine_Instance_IsKeepalivedFormat()
    {
        Assert.Equal("INSTANCE \"VI_1\" MASTER 100\n", NotifyFormat.FifoLine(s_master));
    }

    [Fact]
    public void FifoLine_Group_IsKeepalivedFormat()
    {
        Assert.Equal("GROUP \"G\" BACKUP 0\n", NotifyFormat.FifoLine(new NotifyEvent(NotifySubject.Group, "G", NotifyState.Backup, 0)));
    }

    [Fact]
    public void TryGenericArguments_AppendsSubjectNameStatePriority()
    {
        var command = new ScriptCommand("/etc/vg/notify.sh \"two words\"", null, SourceRef.None);
        Assert.True(NotifyFormat.TryGenericArguments(command, s_master, out var argv, out _));
        Assert.Equal(["/etc/vg/notify.sh", "two words", "INSTANCE", "VI_1", "MASTER", "100"], argv);
    }

    [Fact]
    public void TryArguments_SpecificScript_GetsOnlyItsOwnWords()
    {
        var command = new ScriptCommand("/etc/vg/master.sh arg", null, SourceRef.None);
        Assert.True(NotifyFormat.TryArguments(command, out var argv, out _));
        Assert.Equal(["/etc/vg/master.sh", "arg"], argv);
    }

    [Fact]
    public void SpecificScript_MasterRxLowerPri_IsItsOwnScript()
    {
        var script = new ScriptCommand("/x", null, SourceRef.None);
        Assert.Same(script, NotifyFormat.SpecificScript(new NotifyScripts { MasterRxLowerPriority = script }, NotifyState.MasterRxLowerPri));
        Assert.Null(NotifyFormat.SpecificScript(new NotifyScripts { MasterRxLowerPriority = script }, NotifyState.Master));
    }

    [Theory]
    [InlineData(NotifyState.MasterRxLowerPri, "MASTER_RX_LOWER_PRI")]
    [InlineData(NotifyState.Deleted, "DELETED")]
    [InlineData(NotifyState.Fault, "FAULT")]
    public void StateWord_IsKeepalivedsWord(NotifyState state, string word)
    {
        Assert.Equal(word, (s_master with { State = state }).StateWord);
    }

    [Theory]
    [InlineData(NotifyState.Master, true)]
    [InlineData(NotifyState.Backup, true)]
    [InlineData(NotifyState.Fault, true)]
    [InlineData(NotifyState.Stop, true)]
    [InlineData(NotifyState.MasterRxLowerPri, false)]
    [InlineData(NotifyState.MasterPriority, false)]
    [InlineData(NotifyState.BackupPriority, false)]
    public void RunsGenericScript_PriorityAndRxLowerPriLines_GoToFifosOnly(NotifyState state, bool runs)
    {
        Assert.Equal(runs, NotifyFormat.RunsGenericScript(state));
    }

    [Fact]
    public void FifoLine_MasterPriority_IsKeepalivedsLine()
    {
        Assert.Equal("INSTANCE \"VI_1\" MASTER_PRIORITY 80\n", NotifyFormat.FifoLine(s_master with { State = NotifyState.MasterPriority, Priority = 80 }));
    }
}
