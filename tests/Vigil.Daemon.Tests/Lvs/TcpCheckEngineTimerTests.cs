using Vigil.Daemon.Lvs.Checkers;

namespace Vigil.Daemon.Tests.Lvs;

/// <summary>When the TCP_CHECK engine fires a timer: check starts share a wake-up, timeouts never fire early.</summary>
public sealed class TcpCheckEngineTimerTests
{
    [Theory]
    [InlineData(1_000, 1_000, true)]
    [InlineData(1_010, 1_000, true)] // up to 10 ms early: starts due close together share a wake-up
    [InlineData(1_011, 1_000, false)]
    [InlineData(900, 1_000, true)] // late
    public void IsDue_CheckStart_FiresUpTo10MsEarly(long due, long now, bool fires) =>
        Assert.Equal(fires, TcpCheckEngine.IsDue(timeout: false, due, now));

    [Theory]
    [InlineData(1_000, 1_000, true)]
    [InlineData(1_001, 1_000, false)] // a connect with 1 ms left is not failed
    [InlineData(1_010, 1_000, false)]
    [InlineData(900, 1_000, true)]
    public void IsDue_Timeout_NeverEarly(long due, long now, bool fires) =>
        Assert.Equal(fires, TcpCheckEngine.IsDue(timeout: true, due, now));
}
