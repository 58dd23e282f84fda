using Vigil.Config.Model;

namespace Vigil.Config.Binding;

/// <summary><c>vrrp_script NAME { }</c> (keepalived.conf(5) "VRRP script(s)").</summary>
internal static class ScriptKeywords
{
    public static KeywordTable<Box<VrrpScript>> Table { get; } = new("vrrp_script",
    [
        Keyword<Box<VrrpScript>>.Line("script", (b, n, c) =>
        {
            if (c.Word(n, "a command (in quotes if it has arguments)") is { } script)
            {
                b.Value = b.Value with { Script = script };
            }
        }),
        Keyword<Box<VrrpScript>>.Line("interval", (b, n, c) => b.Value = c.Time(n, 0.000001m, 86400) is { } v ? b.Value with { Interval = v } : b.Value),
        Keyword<Box<VrrpScript>>.Line("timeout", (b, n, c) => b.Value = c.Time(n, 0.000001m, 86400) is { } v ? b.Value with { Timeout = v } : b.Value),
        Keyword<Box<VrrpScript>>.Line("weight", (b, n, c) =>
        {
            c.NoMoreThan(n, 2);
            if (c.Arg(n, 0, "a weight (-253–253)") is { } token && c.IntToken("weight", token, -253, 253) is { } weight)
            {
                bool reverse = n.Arguments.Count > 1 && n.Arguments[1].Text == "reverse";
                if (n.Arguments.Count > 1 && !reverse && n.Arguments[1].Text is not ("noreverse" or "no_reverse"))
                {
                    c.Error(n.Arguments[1].Location, "invalid-value", $"'{n.Arguments[1].Text}' after the weight is not 'reverse'", "write 'weight W' or 'weight W reverse'");
                }

                b.Value = b.Value with { Weight = weight, WeightReverse = reverse };
            }
        }),
        Keyword<Box<VrrpScript>>.Line("rise", (b, n, c) => b.Value = c.Int(n, 1, int.MaxValue) is { } v ? b.Value with { Rise = v } : b.Value),
        Keyword<Box<VrrpScript>>.Line("fall", (b, n, c) => b.Value = c.Int(n, 1, int.MaxValue) is { } v ? b.Value with { Fall = v } : b.Value),
        Keyword<Box<VrrpScript>>.Line("user", (b, n, c) =>
        {
            c.NoMoreThan(n, 2);
            if (c.Arg(n, 0, "a user name") is not null)
            {
                b.Value = b.Value with { User = ScriptLine.User(n, 0) };
            }
        }),
        Keyword<Box<VrrpScript>>.Line("init_fail", (b, n, c) => b.Value = b.Value with { InitFail = c.Flag(n) is true }),
    ],
    []);
}
