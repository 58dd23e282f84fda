using Vigil.Config.Model;
using Vigil.Config.Syntax;

namespace Vigil.Config.Binding;

/// <summary>MISC_CHECK (check_misc.c install_misc_check_keyword: the common keywords without the connection ones).</summary>
internal static class MiscCheckKeywords
{
    public static KeywordTable<MiscCheckBuilder> Table { get; } = new("MISC_CHECK",
    [
        .. CheckerKeywords.TimingRows<MiscCheckBuilder>(b => b.Timing),
        Keyword<MiscCheckBuilder>.Line("misc_path", (b, n, c) =>
        {
            if (c.Arg(n, 0, "a script (in quotes if it has arguments)") is { } command && command.Text.Trim().Length > 0)
            {
                c.NoMoreThan(n, 1);
                b.Misc = b.Misc with { Script = b.Misc.Script with { Command = command.Text, Location = n.Location } };
                b.HasPath = true;
            }
        }),
        Keyword<MiscCheckBuilder>.Line("misc_timeout", (b, n, c) => b.Timeout = c.Int(n, 0, 86400, "a timeout in seconds") is { } t ? TimeSpan.FromSeconds(t) : b.Timeout),
        Keyword<MiscCheckBuilder>.Line("misc_dynamic", (b, n, c) => b.Misc = c.Flag(n) is { } on ? b.Misc with { Dynamic = on } : b.Misc),
        Keyword<MiscCheckBuilder>.Line("user", (b, n, c) =>
        {
            if (c.Arg(n, 0, "a user name") is not null)
            {
                c.NoMoreThan(n, 2);
                b.Misc = b.Misc with { Script = b.Misc.Script with { User = ScriptLine.User(n, 0) } };
            }
        }),
    ],
    ["log_all_failures"]);
}

/// <summary>A MISC_CHECK block being read.</summary>
internal sealed class MiscCheckBuilder(MiscCheck value) : CheckBuilder(value)
{
    public MiscCheck Misc
    {
        get => (MiscCheck)Value;
        set => Value = value;
    }

    public bool HasPath { get; set; }

    public TimeSpan? Timeout { get; set; }

    /// <summary>keepalived: MISC_CHECK's retry defaults to 0.</summary>
    protected override int DefaultRetry => 0;

    public override void Finish(ConfigNode node, BindContext context)
    {
        if (!HasPath)
        {
            context.Error(node.Location, "missing-keyword", "MISC_CHECK has no misc_path (keepalived skips such a checker)", "add 'misc_path \"/path/to/script args\"'");
        }
    }

    public override HealthCheck Build(CheckTiming outer, RealServerBuilder real) => Misc with
    {
        Timing = ResolveTiming(outer, real),
        Timeout = Timeout is { } t && t > TimeSpan.Zero ? t : real.Parent?.Timing.DelayLoop ?? CheckTiming.Defaults.DelayLoop,
    };
}
