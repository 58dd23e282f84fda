using Vigil.Linux.Checking;

namespace Vigil.Linux.Tests.Unit;

/// <summary>keepalived's ping_group_range handling (check_ping.c set_ping_group_range) on a stand-in file.</summary>
public sealed class PingGroupRangeTests : IDisposable
{
    private readonly string _path = Path.GetTempFileName();

    [Theory]
    [InlineData("1\t0\n", 1u, 0u)]
    [InlineData("100 4294967294\n", 100u, 4294967294u)]
    public void Parse_KernelFormat(string text, uint min, uint max) => Assert.Equal((min, max), PingGroupRange.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("1\n")]
    [InlineData("-1 0\n")]
    public void Parse_Malformed_IsNull(string text) => Assert.Null(PingGroupRange.Parse(text));

    [Fact]
    public void Widen_LowersTheStartToZeroKeepingTheEnd_RestoreGivesItBack()
    {
        File.WriteAllText(_path, "100\t2000\n");

        Assert.Equal(100u, PingGroupRange.Widen(_path));
        Assert.Equal((0u, 2000u), PingGroupRange.Parse(File.ReadAllText(_path)));
        PingGroupRange.Restore(100, _path);
        Assert.Equal((100u, 2000u), PingGroupRange.Parse(File.ReadAllText(_path)));
    }

    [Fact]
    public void Widen_StartAlreadyZero_LeavesItAndHasNothingToRestore()
    {
        File.WriteAllText(_path, "0\t2000\n");

        Assert.Null(PingGroupRange.Widen(_path));
        Assert.Equal("0\t2000\n", File.ReadAllText(_path));
    }

    public void Dispose() => File.Delete(_path);
}
