using Vigil.Config.Model;
using Vigil.Config.Syntax;

namespace Vigil.Config.Binding;

/// <summary>SMTP_CHECK (check_smtp.c install_smtp_check_keyword) and its deprecated <c>host</c> sub-blocks.</summary>
internal static class SmtpCheckKeywords
{
    public static KeywordTable<CheckBuilder> Table { get; } = new("SMTP_CHECK",
    [
        .. CheckerKeywords.ConnectionRows<CheckBuilder>(),
        .. CheckerKeywords.TimingRows<CheckBuilder>(b => b.Timing),
        Keyword<CheckBuilder>.Line("helo_name", (b, n, c) => b.Value = c.Word(n, "a host name") is { } name ? ((SmtpCheck)b.Value) with { HeloName = name } : b.Value),
        Keyword<CheckBuilder>.Block("host", (b, n, c) => Host((SmtpCheckBuilder)b, n, c)),
    ],
    ["log_all_failures"]);

    /// <summary>
    /// A <c>host { }</c> block: keepalived 2.2.7 installs the common checker keywords there (no helo_name, no nb_get_retry).
    /// The connection ones describe this host; retry, delay_before_retry, delay_loop and warmup set the whole SMTP_CHECK's.
    /// </summary>
    public static KeywordTable<SmtpHostBuilder> HostTable { get; } = new("host",
    [
        .. CheckerKeywords.ConnectionRows<SmtpHostBuilder>().Where(k => k.Name != "nb_get_retry"),
        .. CheckerKeywords.TimingRows<SmtpHostBuilder>(h => h.Parent.Timing),
    ],
    ["log_all_failures"]);

    private static void Host(SmtpCheckBuilder smtp, ConfigNode node, BindContext context)
    {
        if (smtp.Hosts.Count == 0)
        {
            // keepalived logs this once per SMTP_CHECK that has host blocks.
            context.Warning(node.Location, "deprecated", "the SMTP_CHECK host block is deprecated (keepalived: \"Please define additional checkers\"); each host runs as its own SMTP_CHECK of this real server",
                "write one SMTP_CHECK per host, with connect_ip/connect_port");
        }

        var host = new SmtpHostBuilder(smtp, new SmtpCheck(node.Location));
        HostTable.Bind(host, node.Children, context);
        if (host.Timing.ConnectTimeout is null)
        {
            context.Warning(node.Location, "keepalived-differs",
                "keepalived 2.2.7 gives a host block without connect_timeout a zero connect timeout (it inherits none), so its checks fail there; Vigil uses the real or virtual server's connect_timeout",
                "write 'connect_timeout SECONDS' in this host block");
        }

        smtp.Hosts.Add(host);
    }
}

/// <summary>
/// An SMTP_CHECK being read. As keepalived 2.2.7's smtp_check_end_handler: each host block is a checker of its own (a copy of
/// this one with the host's connection), and the block's own checker is kept only when it has no host or any connection
/// keyword is written at its level.
/// </summary>
internal sealed class SmtpCheckBuilder(SmtpCheck value) : CheckBuilder(value)
{
    public List<SmtpHostBuilder> Hosts { get; } = [];

    private bool HasOwnConnection => Value is { ConnectIp: not null } or { ConnectPort: not null } or { BindTo: not null } or { BindPort: not null }
        or { BindInterface: not null } or { FirewallMark: not 0 } || Timing.ConnectTimeout is not null;

    public override IEnumerable<CheckBuilder> Checkers => Hosts.Count == 0 || HasOwnConnection ? [this, .. Hosts] : Hosts;

    public override IEnumerable<HealthCheck> BuildAll(CheckTiming outer, RealServerBuilder real)
    {
        HealthCheck own = Build(outer, real);
        string helo = ((SmtpCheck)own).HeloName;
        // A host's connect timeout is its own, else the real/virtual server's: never the SMTP_CHECK's (keepalived's conn_to).
        return Checkers.Select(part => part == this ? own
            : ((SmtpCheck)part.Value) with { HeloName = helo, Timing = own.Timing with { ConnectTimeout = part.Timing.ConnectTimeout ?? outer.ConnectTimeout } });
    }
}

/// <summary>One <c>host { }</c> of an SMTP_CHECK: its connection settings; its timings are the SMTP_CHECK's (<see cref="Parent"/>).</summary>
internal sealed class SmtpHostBuilder(SmtpCheckBuilder parent, SmtpCheck value) : CheckBuilder(value)
{
    public SmtpCheckBuilder Parent { get; } = parent;
}
