using Vigil.Config.Model;

namespace Vigil.Config.Binding;

/// <summary><c>track_file NAME { }</c> / <c>vrrp_track_file</c> (keepalived.conf(5) "Track files").</summary>
internal static class TrackFileKeywords
{
    public static KeywordTable<Box<TrackFile>> Table { get; } = new("track_file",
    [
        Keyword<Box<TrackFile>>.Line("file", (b, n, c) => b.Value = c.Word(n, "a file path") is { } path ? b.Value with { Path = path } : b.Value),
        Keyword<Box<TrackFile>>.Line("weight", (b, n, c) =>
        {
            c.NoMoreThan(n, 2);
            if (c.Arg(n, 0, "a weight") is { } token && c.IntToken("weight", token, -2147483647, 2147483647) is { } weight)
            {
                b.Value = b.Value with { Weight = weight, Reverse = n.Arguments.Count > 1 && n.Arguments[1].Text == "reverse" };
            }
        }),
        Keyword<Box<TrackFile>>.Line("init_file", (b, n, c) =>
        {
            c.NoMoreThan(n, 2);
            int value = 0;
            bool overwrite = false;
            foreach (Vigil.Config.Syntax.ConfigToken word in n.Arguments)
            {
                if (word.Text == "overwrite")
                {
                    overwrite = true;
                }
                else if (c.IntToken("init_file", word, int.MinValue, int.MaxValue) is { } v)
                {
                    value = v;
                }
            }

            b.Value = b.Value with { InitFile = true, InitValue = value, InitOverwrite = overwrite };
        }),
    ],
    []);
}
