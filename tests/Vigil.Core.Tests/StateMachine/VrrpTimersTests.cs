using Vigil.Core.StateMachine;

namespace Vigil.Core.Tests.StateMachine;

public class VrrpTimersTests
{
    [Theory]
    [InlineData(100, 609_375)]
    [InlineData(90, 648_437)] // 166/256 s = 648437.5 µs, truncated like keepalived
    [InlineData(150, 414_062)]
    [InlineData(254, 7_812)]
    [InlineData(255, 3_906)]
    public void SkewMicros_Version2_IsIntegerMicrosecondsOf256MinusPriorityOver256(int priority, long expected) =>
        Assert.Equal(expected, VrrpTimers.SkewMicros(2, priority, 1_000_000));

    [Theory]
    [InlineData(100, 1_000_000, 609_375)]
    [InlineData(100, 100_000, 60_937)]
    [InlineData(100, 10_000, 6_093)] // integer centiseconds would give 0
    [InlineData(200, 1_000_000, 218_750)]
    [InlineData(100, 1_005_000, 609_375)] // keepalived first truncates the interval to whole centiseconds
    public void SkewMicros_Version3_ScalesWithMasterAdverInterval(int priority, long intervalMicros, long expected) =>
        Assert.Equal(expected, VrrpTimers.SkewMicros(3, priority, intervalMicros));

    [Fact]
    public void MasterDown_Version2Priority90_IsThreeSecondsPlus166Over256()
    {
        TimeSpan down = VrrpTimers.MasterDown(2, 90, TimeSpan.FromSeconds(1));

        Assert.Equal(TimeSpan.FromMicroseconds(3_648_437), down);
    }

    [Fact]
    public void MasterDown_CustomDownTimerAdverts_ReplacesTheThree() =>
        Assert.Equal(TimeSpan.FromMicroseconds(5_609_375), VrrpTimers.MasterDown(2, 100, TimeSpan.FromSeconds(1), downTimerAdverts: 5));
}
