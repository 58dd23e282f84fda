using CsCheck;

namespace Vigil.Cli.Tests;

/// <summary>Bad input never crashes <c>vigil check</c>: it always ends with diagnostics and an exit status that matches them.</summary>
public sealed class CheckBadInputTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("vigil-bad-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private (int Exit, string Out) CheckBytes(byte[] content)
    {
        // CsCheck samples on several threads: one file per call.
        string path = Path.Combine(_directory, $"input-{Guid.NewGuid():N}.conf");
        File.WriteAllBytes(path, content);
        var (exit, output, _) = CheckCommandTests.Vigil("check", path);
        return (exit, output);
    }

    private static void AssertConsistent((int Exit, string Out) result)
    {
        Assert.InRange(result.Exit, 0, 1);
        Assert.Equal(result.Exit == 1, result.Out.Contains(": error: ", StringComparison.Ordinal));
        Assert.Contains(result.Exit == 1 ? "FAILED:" : "OK:", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_RandomBytes_NeverCrashesAndBinaryIsAnError()
    {
        Gen.Byte.Array[1, 2048].Sample(bytes =>
        {
            var result = CheckBytes(bytes);
            AssertConsistent(result);
            if (bytes.Any(b => b == 0))
            {
                Assert.Equal(1, result.Exit);
            }
        }, iter: 150, seed: "0N0XIzNsQ0O2");
    }

    [Fact]
    public void Check_TruncatedSeed_NeverCrashesAndCutBlocksAreErrors()
    {
        byte[] seed = File.ReadAllBytes(CheckCommandTests.Seed("backup.conf"));
        for (int length = 0; length < seed.Length; length += 7)
        {
            var result = CheckBytes(seed[..length]);
            AssertConsistent(result);
            string text = System.Text.Encoding.UTF8.GetString(seed[..length]);
            if (text.Count(c => c == '{') > text.Count(c => c == '}'))
            {
                Assert.Equal(1, result.Exit);
            }
        }
    }

    [Fact]
    public void Check_DeeplyNestedBraces_IsError()
    {
        byte[] nested = System.Text.Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("vrrp_instance X {\n", 100_000)));
        Assert.Equal(1, CheckBytes(nested).Exit);
    }

    [Fact]
    public void Check_TenMegabyteLine_IsError()
    {
        byte[] line = new byte[10 * 1024 * 1024];
        line.AsSpan().Fill((byte)'a');
        Assert.Equal(1, CheckBytes(line).Exit);
    }

    [Fact]
    public void Check_BinaryFile_IsError()
    {
        Assert.Equal(1, CheckBytes(File.ReadAllBytes(typeof(CliApp).Assembly.Location)[..65536]).Exit);
    }
}
