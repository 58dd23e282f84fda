namespace Vigil.Cli.Tests;

/// <summary>examples/seed/: the seed pair with its defects fixed (examples/seed/README.md) checks clean.</summary>
public sealed class CorrectedSeedTests
{
    private static string Example(string path) => Path.Combine(CheckCommandTests.RepositoryRoot(), "examples", "seed", path);

    [Theory]
    [InlineData("master.conf", "backup.conf")]
    [InlineData("track-process/master.conf", "track-process/backup.conf")]
    public void Check_CorrectedSeedPair_ExitsZeroWithoutWarnings(string master, string backup)
    {
        var (exit, output, _) = CheckCommandTests.Vigil("check", Example(master), Example(backup));
        Assert.Equal(0, exit);
        Assert.Contains("cluster: 0 errors, 0 warnings", output, StringComparison.Ordinal);
        Assert.Equal(2, output.Split('\n').Count(line => line.Contains(": 0 errors, 0 warnings, 1 vrrp_instance(s)", StringComparison.Ordinal)));
    }

    [Fact]
    public void Check_CorrectedSeedPair_KeepsTheSeedsPrioritiesAndOneAuthentication()
    {
        var (_, master, _) = CheckCommandTests.Vigil("check", "--dump", Example("master.conf"));
        var (_, backup, _) = CheckCommandTests.Vigil("check", "--dump", Example("backup.conf"));
        Assert.Contains("\"priority\": 100", master, StringComparison.Ordinal);
        Assert.Contains("\"priority\": 90", backup, StringComparison.Ordinal);
        Assert.Contains("PASS", master, StringComparison.Ordinal);
        Assert.Contains("PASS", backup, StringComparison.Ordinal);
    }
}
