using Vigil.Config.Binding;
using Vigil.Config.Diagnostics;
using Vigil.Config.Syntax;

namespace Vigil.Config.Tests.Samples;

/// <summary>
/// Every sample of Debian's keepalived package (read where the package installs it, never copied)
/// binds without errors, except for the defects that keepalived 2.2.7 itself reports for that sample
/// (measured with <c>keepalived -t -f SAMPLE</c>), which must be reported at the same lines.
/// </summary>
public sealed class KeepalivedSampleTests
{
    internal const string SampleDirectory = "/usr/share/doc/keepalived/samples";

    /// <summary>sample → (config id, the errors keepalived 2.2.7 also reports: code@line).</summary>
    private static readonly Dictionary<string, (string? ConfigId, string[] KnownErrors)> s_expectations = new()
    {
        // The sample is written for "-i high" or "-i low".
        ["keepalived.conf.conditional_conf"] = ("high", []),
        // keepalived: "Unknown keyword 'VI_2'", "Unknown keyword 'VI_3'" (the sync group lacks 'group { }').
        ["keepalived.conf.vrrp.lvs_syncd"] = (null, ["unknown-keyword@4", "unknown-keyword@5", "missing-keyword@3"]),
        // keepalived: "Invalid rule to address 192.168.100./24" (and 192.168.200./24).
        ["keepalived.conf.vrrp.rules"] = (null, ["invalid-address@11", "invalid-address@26"]),
        // Not keepalived's error but Vigil's refusal: it cannot send AH adverts (split brain against an AH peer; issue 11).
        ["keepalived.conf.SSL_GET"] = (null, ["auth-ah-unsupported@20"]),
    };

    public static TheoryData<string> Samples()
    {
        var data = new TheoryData<string>();
        if (Directory.Exists(SampleDirectory))
        {
            foreach (string path in Directory.GetFiles(SampleDirectory, "keepalived.conf.*").Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetFileName(path));
            }
        }
        else
        {
            data.Add("(samples not installed)");
        }

        return data;
    }

    [SamplesTheory]
    [MemberData(nameof(Samples))]
    public void Bind_DebianSample_OnlyKeepalivedsOwnErrors(string sample)
    {
        (string? configId, string[] knownErrors) = s_expectations.GetValueOrDefault(sample, (null, []));
        ConfigDocument document = ConfigLoader.Load(Path.Combine(SampleDirectory, sample),
            new ConfigLoadOptions { ConfigId = configId, FileSystem = new PhysicalConfigFileSystem() });
        ConfigBindResult result = ConfigBinder.Bind(document);

        // "lvs-unsupported" is Vigil's own refusal of an LVS keyword it does not implement yet (fail closed),
        // asserted in LvsBindingTests; every other error must be one keepalived reports too.
        string[] errors = [.. result.Diagnostics.Where(d => d.Severity == Severity.Error && d.Code != "lvs-unsupported").Select(d => $"{d.Code}@{d.Location.Line}")];
        Assert.True(knownErrors.Order().SequenceEqual(errors.Order()),
            $"expected errors [{string.Join(", ", knownErrors)}], got:\n{string.Join("\n", result.Diagnostics)}");
    }
}

/// <summary>Skips (with the reason shown in the test report) when the keepalived package's samples are not installed.</summary>
internal sealed class SamplesTheoryAttribute : TheoryAttribute
{
    public SamplesTheoryAttribute()
    {
        if (!Directory.Exists(KeepalivedSampleTests.SampleDirectory))
        {
            Skip = $"{KeepalivedSampleTests.SampleDirectory} is absent: install Debian's keepalived package (.ci/run does) to run these tests";
        }
    }
}
