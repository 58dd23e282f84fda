namespace Vigil.Cli.Tests;

public sealed class VersionCommandTests
{
    [Fact]
    public void Version_PrintsProductName()
    {
        var stdout = new StringWriter();
        int exit = CliApp.Run(["version"], stdout, new StringWriter());
        Assert.Equal(0, exit);
        Assert.StartsWith("vigil ", stdout.ToString(), StringComparison.Ordinal);
    }
}
