using Vigil.Config.Model;
using Vigil.Config.Syntax;

namespace Vigil.Config.Binding;

/// <summary>FILE_CHECK (check_file.c install_file_check_keyword: track_file and weight only).</summary>
internal static class FileCheckKeywords
{
    public static KeywordTable<FileCheckBuilder> Table { get; } = new("FILE_CHECK",
    [
        Keyword<FileCheckBuilder>.Line("track_file", (b, n, c) =>
        {
            if (c.Word(n, "a track_file name") is { } name)
            {
                b.File = b.File with { TrackFileName = name };
            }
        }),
        Keyword<FileCheckBuilder>.Line("weight", (b, n, c) =>
        {
            // keepalived: -IPVS_WEIGHT_LIMIT..IPVS_WEIGHT_LIMIT, then reverse or noreverse
            c.NoMoreThan(n, 2);
            if (c.Arg(n, 0, "a weight") is not { } token || c.IntToken("weight", token, -int.MaxValue, int.MaxValue) is not { } weight)
            {
                return;
            }

            bool? reverse = n.Arguments.Count < 2 ? false : n.Arguments[1].Text switch { "reverse" => true, "noreverse" => false, _ => null };
            if (reverse is null)
            {
                c.Error(n.Arguments[1].Location, "invalid-value", $"'{n.Arguments[1].Text}' is not a weight option (keepalived ignores the whole weight line)", "write 'reverse', 'noreverse' or nothing after the weight");
                return;
            }

            b.File = b.File with { Weight = weight, Reverse = reverse };
        }),
    ],
    []);
}

/// <summary>A FILE_CHECK block being read.</summary>
internal sealed class FileCheckBuilder(FileCheck value) : CheckBuilder(value)
{
    public FileCheck File
    {
        get => (FileCheck)Value;
        set => Value = value;
    }

    public override void Finish(ConfigNode node, BindContext context)
    {
        if (File.TrackFileName.Length == 0)
        {
            context.Error(node.Location, "missing-keyword", "FILE_CHECK has no track_file (keepalived ignores such a checker)", "add 'track_file NAME' naming a track_file block");
        }
    }
}
