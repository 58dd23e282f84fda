using Vigil.Config.Model;
using Vigil.Config.Syntax;

namespace Vigil.Config.Binding;

/// <summary><c>garp_group { }</c> (keepalived.conf(5) "garp_group"), checked as keepalived's vrrp_parser.c does.</summary>
internal static class GarpGroupKeywords
{
    // keepalived reads the intervals as microseconds in an unsigned int.
    private const decimal MaxSeconds = 4294;

    public static KeywordTable<GarpGroupBuilder> Table { get; } = new("garp_group",
    [
        Keyword<GarpGroupBuilder>.Line("garp_interval", (b, n, c) => b.GarpInterval = c.Time(n, 0, MaxSeconds) ?? b.GarpInterval),
        Keyword<GarpGroupBuilder>.Line("gna_interval", (b, n, c) => b.GnaInterval = c.Time(n, 0, MaxSeconds) ?? b.GnaInterval),
        Keyword<GarpGroupBuilder>.Line("interface", (b, n, c) =>
        {
            if (c.Word(n, "an interface name") is { } name)
            {
                b.Interfaces.Add((name, n.Arguments[0].Location));
            }
        }),
        Keyword<GarpGroupBuilder>.Block("interfaces", (b, n, c) =>
        {
            List<(string Name, SourceLocation Location)> names = TrackEntryParser.Names(n, c);
            if (names.Count == 0)
            {
                c.Warning(n.Location, "empty-block", "this garp_group 'interfaces' block names no interface", "list the interfaces that share the switch, one per line");
            }

            b.Interfaces.AddRange(names);
        }),
    ],
    []);

    /// <summary>Binds one block; an interface already in an earlier group stays there, as in keepalived.</summary>
    public static void Bind(List<GarpGroup> groups, ConfigNode node, BindContext context)
    {
        var builder = new GarpGroupBuilder();
        Table.Bind(builder, node.Children, context);
        if (builder.GarpInterval is null && builder.GnaInterval is null)
        {
            context.Warning(node.Location, "garp-group-no-delay", "this garp_group sets neither garp_interval nor gna_interval, so it is ignored (as keepalived does)",
                "add 'garp_interval SECONDS' and/or 'gna_interval SECONDS', or remove the block");
            return;
        }

        var members = new List<string>();
        foreach ((string name, SourceLocation at) in builder.Interfaces)
        {
            GarpGroup? earlier = groups.FirstOrDefault(g => g.Interfaces.Contains(name));
            if (earlier is not null || members.Contains(name))
            {
                context.Warning(at, "garp-group-duplicate", $"interface '{name}' is already in {(earlier is null ? "this garp_group" : $"the garp_group at {earlier.Location}")}; this entry is ignored",
                    "name each interface in one garp_group only");
                continue;
            }

            members.Add(name);
        }

        if (members.Count == 0)
        {
            context.Warning(node.Location, "garp-group-no-interface", "this garp_group names no interface, so its intervals apply nowhere",
                "add 'interface IF' or 'interfaces { IF … }'");
            return;
        }

        groups.Add(new GarpGroup(builder.GarpInterval, builder.GnaInterval, new ValueArray<string>(members), node.Location));
    }
}

/// <summary>What one garp_group block has said so far.</summary>
internal sealed class GarpGroupBuilder
{
    public TimeSpan? GarpInterval { get; set; }

    public TimeSpan? GnaInterval { get; set; }

    public List<(string Name, SourceLocation Location)> Interfaces { get; } = [];
}
