using Vigil.Config.Model;

namespace Vigil.Config.Binding;

/// <summary><c>vrrp_track_process NAME { }</c> (keepalived.conf(5) "VRRP track processes").</summary>
internal static class TrackProcessKeywords
{
    public static KeywordTable<Box<TrackProcess>> Table { get; } = new("vrrp_track_process",
    [
        Keyword<Box<TrackProcess>>.Line("process", (b, n, c) =>
        {
            if (c.Arg(n, 0, "a process name") is { } name)
            {
                b.Value = b.Value with { Process = name.Text, Parameters = new ValueArray<string>(n.Arguments.Skip(1).Select(a => a.Text)) };
            }
        }),
        Keyword<Box<TrackProcess>>.Line("param_match", (b, n, c) =>
        {
            switch (c.Word(n, "initial or partial"))
            {
                case "initial": b.Value = b.Value with { ParamMatch = ProcessParamMatch.Initial }; break;
                case "partial": b.Value = b.Value with { ParamMatch = ProcessParamMatch.Partial }; break;
                case { } other: c.Error(n.Arguments[0].Location, "invalid-value", $"'param_match {other}' is not a match mode", "write 'param_match initial' or 'param_match partial'"); break;
            }
        }),
        Keyword<Box<TrackProcess>>.Line("weight", (b, n, c) =>
        {
            c.NoMoreThan(n, 2);
            if (c.Arg(n, 0, "a weight (-254–254)") is { } token && c.IntToken("weight", token, -254, 254) is { } weight)
            {
                b.Value = b.Value with { Weight = weight, Reverse = n.Arguments.Count > 1 && n.Arguments[1].Text == "reverse" };
            }
        }),
        Keyword<Box<TrackProcess>>.Line("quorum", (b, n, c) => b.Value = c.Int(n, 1, 65535) is { } v ? b.Value with { Quorum = v } : b.Value),
        Keyword<Box<TrackProcess>>.Line("quorum_max", (b, n, c) => b.Value = c.Int(n, 1, 65535) is { } v ? b.Value with { QuorumMax = v } : b.Value),
        Keyword<Box<TrackProcess>>.Line("fork_delay", (b, n, c) => b.Value = c.Time(n, 0, 3600) is { } v ? b.Value with { ForkDelay = v } : b.Value),
        Keyword<Box<TrackProcess>>.Line("terminate_delay", (b, n, c) => b.Value = c.Time(n, 0, 3600) is { } v ? b.Value with { TerminateDelay = v } : b.Value),
        Keyword<Box<TrackProcess>>.Line("delay", (b, n, c) => b.Value = c.Time(n, 0, 3600) is { } v ? b.Value with { ForkDelay = v, TerminateDelay = v } : b.Value),
        Keyword<Box<TrackProcess>>.Line("full_command", (b, n, c) => b.Value = b.Value with { FullCommand = c.Flag(n) is true }),
    ],
    []);
}
