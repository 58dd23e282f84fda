namespace Vigil.Linux.Tests.Packaging;

/// <summary>packaging/vigil.service: what systemd itself says about it, and the promises README makes about it.</summary>
public sealed class SystemdUnitTests
{
    private static readonly string s_unit = File.ReadAllText(Path.Combine(RepositoryRoot(), "packaging", "vigil.service"));

    [SkippableFact]
    public void Unit_SystemdAnalyzeVerify_ReportsNothing()
    {
        Skip.IfNot(HostCommand.Exists("systemd-analyze"), "systemd-analyze is not installed");
        string directory = Directory.CreateTempSubdirectory("vigil-unit-").FullName;
        try
        {
            // verify also checks that ExecStart's binary exists; the package installs it, this checkout has none there.
            string unit = Path.Combine(directory, "vigil.service");
            File.WriteAllText(unit, s_unit.Replace("/usr/sbin/vigil", "/bin/true", StringComparison.Ordinal));

            HostCommandResult result = HostCommand.Run("systemd-analyze", "verify", "--man=no", unit);

            // Unknown or misspelt keys are only warnings (exit 0), so the output must be empty too.
            Assert.True(result.ExitCode == 0 && (result.StandardError + result.StandardOutput).Trim().Length == 0,
                $"systemd-analyze verify: exit {result.ExitCode}\n{result.StandardError}{result.StandardOutput}");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [InlineData("Type=notify")]
    [InlineData("ExecReload=/bin/kill -HUP $MAINPID")]
    [InlineData("CapabilityBoundingSet=CAP_NET_RAW CAP_NET_ADMIN CAP_SYS_NICE CAP_SETUID CAP_SETGID CAP_KILL")]
    [InlineData("AmbientCapabilities=CAP_NET_RAW CAP_NET_ADMIN CAP_SYS_NICE CAP_SETUID CAP_SETGID CAP_KILL")]
    [InlineData("NoNewPrivileges=yes")]
    [InlineData("ProtectSystem=strict")]
    [InlineData("ProtectHome=yes")]
    [InlineData("PrivateTmp=yes")]
    [InlineData("RuntimeDirectory=vigil")]
    [InlineData("RuntimeDirectoryMode=0700")]
    [InlineData("ConditionPathExists=/etc/vigil/keepalived.conf")]
    public void Unit_Setting_IsPresent(string line) =>
        Assert.Contains(line, s_unit.Split('\n').Select(l => l.TrimEnd('\r')));

    private static string RepositoryRoot()
    {
        DirectoryInfo? root = new(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Vigil.sln")))
        {
            root = root.Parent;
        }

        return root?.FullName ?? throw new InvalidOperationException("Vigil.sln not found above " + AppContext.BaseDirectory);
    }
}
