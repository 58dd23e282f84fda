using Vigil.Core.Tracking;

namespace Vigil.Core.Tests.Tracking;

/// <summary>rise/fall as keepalived's vrrp_script_child_thread counts them.</summary>
public class ScriptResultPolicyTests
{
    [Fact]
    public void New_WithoutInitFail_IsUnknown()
    {
        Assert.Equal(TrackerHealth.Unknown, new ScriptResultPolicy(3, 3, initFail: false).Health);
    }

    [Fact]
    public void New_WithInitFail_IsDown()
    {
        Assert.Equal(TrackerHealth.Down, new ScriptResultPolicy(3, 3, initFail: true).Health);
    }

    [Theory]
    [InlineData(true, TrackerHealth.Up)]
    [InlineData(false, TrackerHealth.Down)]
    public void Record_FirstResult_DecidesAtOnceWhateverRiseAndFall(bool success, TrackerHealth expected)
    {
        var policy = new ScriptResultPolicy(5, 5, initFail: false);
        Assert.True(policy.Record(success));
        Assert.Equal(expected, policy.Health);
    }

    [Fact]
    public void Record_Up_NeedsFallConsecutiveFailuresToGoDown()
    {
        var policy = new ScriptResultPolicy(2, 3, initFail: false);
        policy.Record(true);
        Assert.False(policy.Record(false));
        Assert.False(policy.Record(false));
        Assert.True(policy.Record(false));
        Assert.Equal(TrackerHealth.Down, policy.Health);
    }

    [Fact]
    public void Record_SuccessBetweenFailures_ResetsTheFallCount()
    {
        var policy = new ScriptResultPolicy(1, 2, initFail: false);
        policy.Record(true);
        policy.Record(false);
        policy.Record(true);
        Assert.False(policy.Record(false));
        Assert.Equal(TrackerHealth.Up, policy.Health);
    }

    [Fact]
    public void Record_InitFail_NeedsRiseSuccessesToComeUp()
    {
        var policy = new ScriptResultPolicy(3, 1, initFail: true);
        Assert.False(policy.Record(true));
        Assert.False(policy.Record(true));
        Assert.True(policy.Record(true));
        Assert.Equal(TrackerHealth.Up, policy.Health);
    }

    [Fact]
    public void Record_FailureWhileRising_RestartsTheRiseCount()
    {
        var policy = new ScriptResultPolicy(2, 1, initFail: true);
        policy.Record(true);
        Assert.False(policy.Record(false));
        Assert.False(policy.Record(true));
        Assert.True(policy.Record(true));
    }

    [Fact]
    public void Record_InitFailThenFailure_ReportsNoChange()
    {
        var policy = new ScriptResultPolicy(1, 1, initFail: true);
        Assert.False(policy.Record(false));
        Assert.Equal(TrackerHealth.Down, policy.Health);
    }
}
