using Vigil.Config.Syntax;
using static Vigil.Config.Tests.Syntax.SyntaxTestHelpers;

namespace Vigil.Config.Tests.Syntax;

/// <summary>
/// The sample configurations of Debian's keepalived package, read at test time from
/// /usr/share/doc/keepalived/samples (installed by .ci/run), have no syntax errors.
/// </summary>
public class DebianSamplesTests
{
    private const string SamplesDirectory = "/usr/share/doc/keepalived/samples";

    public static TheoryData<string> Samples()
    {
        var data = new TheoryData<string>();
        if (Directory.Exists(SamplesDirectory))
        {
            foreach (string file in Directory.GetFiles(SamplesDirectory, "keepalived.conf.*").Order(StringComparer.Ordinal))
                data.Add(Path.GetFileName(file));
        }
        else
        {
            data.Add("");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Load_DebianSample_HasNoSyntaxErrors(string sample)
    {
        Assert.True(sample.Length > 0, $"{SamplesDirectory} is missing: install Debian's keepalived package (.ci/run does)");

        var document = ConfigLoader.Load(Path.Combine(SamplesDirectory, sample), new ConfigLoadOptions
        {
            ConfigId = "main",
            FileSystem = new PhysicalConfigFileSystem(),
        });

        AssertNoErrors(document);
        Assert.NotEmpty(document.Nodes);
    }
}
