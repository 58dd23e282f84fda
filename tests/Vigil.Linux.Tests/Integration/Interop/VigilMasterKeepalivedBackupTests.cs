using Xunit.Abstractions;

namespace Vigil.Linux.Tests.Integration.Interop;

/// <summary>Vigil MASTER + real keepalived BACKUP over the interop matrix (see <see cref="InteropScenario"/>).</summary>
public sealed class VigilMasterKeepalivedBackupTests(VigilMasterKeepalivedBackupTests.Lab lab, ITestOutputHelper output)
    : IClassFixture<VigilMasterKeepalivedBackupTests.Lab>
{
    [SkippableTheory]
    [MemberData(nameof(InteropCase.Names), MemberType = typeof(InteropCase))]
    public void VigilMaster_KeepalivedBackup_OneHolderNoComplaintsThenKeepalivedTakesOverOnKillNine(string interopCase) =>
        InteropScenario.Run(lab, interopCase, vigilIsMaster: true, output);

    public sealed class Lab() : InteropLab("ivm");
}
