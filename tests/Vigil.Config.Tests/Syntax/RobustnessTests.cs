using CsCheck;
using Vigil.Config.Syntax;
using static Vigil.Config.Tests.Syntax.SyntaxTestHelpers;

namespace Vigil.Config.Tests.Syntax;

/// <summary>Bad input never crashes the reader: every case ends in diagnostics, never an exception.</summary>
public class RobustnessTests
{
    private const string Config = """
        global_defs {
            router_id node1 # comment
        }
        $P=100
        vrrp_instance VI_1 {
            state MASTER
            priority $P
            virtual_ipaddress {
                192.0.2.1/24 dev eth0
            }
            notify_master "/bin/true 'a b'"
            ~SEQ(N, 1, 3) track_script { chk_${N} }
        }
        """;

    [Fact]
    public void Parse_RandomBytes_NeverThrows()
    {
        Gen.Byte.Array[0, 2000].Sample(bytes =>
        {
            string text = System.Text.Encoding.UTF8.GetString(bytes);
            var document = Parse(text);
            Assert.NotNull(document.Nodes);
        }, seed: "0N0XIzNsQ0O2", iter: 300);
    }

    [Fact]
    public void Parse_RandomConfigCharacters_NeverThrows()
    {
        var alphabet = Gen.Char["{}\"'$@^~#!\\\n \t(),aSEQLT_1=x*"];
        alphabet.Array[0, 400].Select(chars => new string(chars)).Sample(text =>
        {
            var document = Parse("~SEQ " + text + "\n~LST(" + text + "\n" + text);
            Assert.NotNull(document.Nodes);
        }, seed: "0N0XIzNsQ0O3", iter: 500);
    }

    [Fact]
    public void Parse_EveryTruncationOfAValidConfig_NeverThrows()
    {
        for (int length = 0; length <= Config.Length; length++)
        {
            var document = Parse(Config[..length]);
            Assert.NotNull(document.Nodes);
        }
    }

    [Fact]
    public void Parse_TruncatedInsideBlock_ReportsTheUnclosedBlock()
    {
        var document = Parse(Config[..Config.IndexOf("notify_master", StringComparison.Ordinal)]);

        Assert.Contains(Errors(document), d => d.Code == SyntaxCodes.UnclosedBlock && d.Location.Line == 5);
    }

    [Fact]
    public void Parse_100000NestedBraces_ReportsNestingWithoutStackOverflow()
    {
        string text = string.Concat(Enumerable.Repeat("a {\n", 100_000)) + string.Concat(Enumerable.Repeat("}\n", 100_000));

        var document = Parse(text);

        Assert.Equal(SyntaxCodes.NestingTooDeep, Assert.Single(Errors(document)).Code);
    }

    [Fact]
    public void Parse_100000OpenBracesOnOneLine_ReportsWithoutStackOverflow()
    {
        var document = Parse("a " + string.Concat(Enumerable.Repeat("{ a ", 100_000)));

        Assert.NotEmpty(Errors(document));
        Assert.True(document.Diagnostics.Count <= 1001);
    }

    [Fact]
    public void Parse_100000StrayClosingBraces_CapsTheDiagnostics()
    {
        var document = Parse(string.Concat(Enumerable.Repeat("}\n", 100_000)));

        Assert.Equal(1001, document.Diagnostics.Count);
    }

    [Fact]
    public void Parse_10MegabyteLine_IsReportedAsTooLongAndSkipped()
    {
        string text = "router_id " + new string('a', 10 * 1024 * 1024) + "\nx 1";

        var document = Parse(text);

        Assert.Equal(SyntaxCodes.LineTooLong, Assert.Single(Errors(document)).Code);
        Assert.Equal(["x 1"], Lines(document));
    }

    [Fact]
    public void Parse_10MegabyteLineOfSpecialCharacters_IsReportedAsTooLong()
    {
        string text = string.Concat(Enumerable.Repeat("\\# $_HASH ${_BANG}{}\"", 500_000));

        var document = Parse("$_X=1\n" + text);

        Assert.Contains(Errors(document), d => d.Code == SyntaxCodes.LineTooLong);
    }

    [Fact]
    public void Parse_BinaryFile_IsReportedAsBinary()
    {
        byte[] bytes = new byte[4096];
        new Random(5).NextBytes(bytes);
        bytes[10] = 0;

        var document = Parse(System.Text.Encoding.Latin1.GetString(bytes));

        Assert.Contains(Errors(document), d => d.Code == SyntaxCodes.BinaryContent);
    }

    [Fact]
    public void Load_RealBinaryFile_GivesDiagnosticsNotAnException()
    {
        string path = typeof(ConfigParser).Assembly.Location;

        var document = ConfigLoader.Load(path, new ConfigLoadOptions { FileSystem = new PhysicalConfigFileSystem() });

        Assert.Contains(Errors(document), d => d.Code == SyntaxCodes.BinaryContent);
    }
}
