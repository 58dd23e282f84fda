using Xunit.Abstractions;

namespace Vigil.Linux.Tests.Integration.Interop;

/// <summary>Real keepalived MASTER + Vigil BACKUP over the interop matrix (see <see cref="InteropScenario"/>).</summary>
public sealed class KeepalivedMasterVigilBackupTests(KeepalivedMasterVigilBackupTests.Lab lab, ITestOutputHelper output)
    : IClassFixture<KeepalivedMasterVigilBackupTests.Lab>
{
    [SkippableTheory]
    [MemberData(nameof(InteropCase.Names), MemberType = typeof(InteropCase))]
    public void KeepalivedMaster_VigilBackup_OneHolderNoDropsThenVigilTakesOverOnKillNine(string interopCase) =>
        InteropScenario.Run(lab, interopCase, vigilIsMaster: false, output);

    public sealed class Lab() : InteropLab("ikm");
}
