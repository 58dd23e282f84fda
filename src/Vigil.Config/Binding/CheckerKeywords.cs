using Vigil.Config.Model;
using Vigil.Config.Syntax;

namespace Vigil.Config.Binding;

/// <summary>
/// The checker blocks of a real_server (keepalived.conf(5), check_api.c): the keywords every checker shares
/// (connect_*, retry, delay_before_retry, delay_loop, warmup) and one table per implemented checker.
/// </summary>
internal static class CheckerKeywords
{
    public static KeywordTable<CheckBuilder> TcpTable { get; } = CommonTable("TCP_CHECK");

    /// <summary>PING_CHECK (check_ping.c install_checker_common_keywords(true): the same keywords as TCP_CHECK).</summary>
    public static KeywordTable<CheckBuilder> PingTable { get; } = CommonTable("PING_CHECK");

    /// <summary>The real_server rows that read each implemented checker block.</summary>
    public static IEnumerable<Keyword<RealServerBuilder>> RealServerRows =>
    [
        Row("TCP_CHECK", TcpTable, n => new CheckBuilder(new TcpCheck(n.Location))),
        Row("HTTP_GET", HttpCheckKeywords.HttpTable, n => new HttpCheckBuilder(new HttpCheck(n.Location))),
        Row("SSL_GET", HttpCheckKeywords.SslTable, n => new HttpCheckBuilder(new HttpCheck(n.Location) { Ssl = true })),
        Row("MISC_CHECK", MiscCheckKeywords.Table, n => new MiscCheckBuilder(new MiscCheck(n.Location))),
        Row("SMTP_CHECK", SmtpCheckKeywords.Table, n => new SmtpCheckBuilder(new SmtpCheck(n.Location))),
        Row("UDP_CHECK", UdpCheckKeywords.Table, n => new CheckBuilder(new UdpCheck(n.Location))),
        Row("DNS_CHECK", DnsCheckKeywords.Table, n => new DnsCheckBuilder(new DnsCheck(n.Location))),
        Row("PING_CHECK", PingTable, n => new CheckBuilder(new PingCheck(n.Location))),
        Row("FILE_CHECK", FileCheckKeywords.Table, n => new FileCheckBuilder(new FileCheck(n.Location))),
    ];

    /// <summary>Every checker table, for the keyword catalog: (block, bound keywords, known-but-unimplemented keywords).</summary>
    public static IEnumerable<(string Block, IEnumerable<string> Implemented, IEnumerable<string> Unimplemented)> Tables =>
    [
        Of(TcpTable),
        Of(HttpCheckKeywords.HttpTable),
        Of(HttpCheckKeywords.SslTable),
        Of(HttpCheckKeywords.UrlTable),
        Of(MiscCheckKeywords.Table),
        Of(SmtpCheckKeywords.Table),
        Of(SmtpCheckKeywords.HostTable),
        Of(UdpCheckKeywords.Table),
        Of(DnsCheckKeywords.Table),
        Of(PingTable),
        Of(FileCheckKeywords.Table),
    ];

    /// <summary>A checker with only the keywords every connecting checker shares (TCP_CHECK, PING_CHECK).</summary>
    private static KeywordTable<CheckBuilder> CommonTable(string name) => new(name,
    [
        .. ConnectionRows<CheckBuilder>(),
        .. TimingRows<CheckBuilder>(b => b.Timing),
    ],
    ["log_all_failures"]);

    private static (string, IEnumerable<string>, IEnumerable<string>) Of<T>(KeywordTable<T> table) => (table.BlockName, table.Implemented, table.Unimplemented);

    /// <summary>
    /// connect_ip, connect_port (and nb_get_retry, keepalived's old name of retry): where a connecting checker connects;
    /// bindto, bind_port, bind_if, fwmark: from where (check_api.c co_srcip_handler …; cross-checked by <see cref="CheckSourceRules"/>).
    /// </summary>
    public static IEnumerable<Keyword<T>> ConnectionRows<T>()
        where T : CheckBuilder =>
    [
        Keyword<T>.Line("connect_ip", (b, n, c) => b.Value = c.Ip(n) is { } ip ? b.Value with { ConnectIp = ip } : b.Value),
        Keyword<T>.Line("connect_port", (b, n, c) => b.Value = c.Int(n, 1, 65535, "a port") is { } p ? b.Value with { ConnectPort = (ushort)p } : b.Value),
        Keyword<T>.Line("nb_get_retry", (b, n, c) => b.Timing.Retry = c.Int(n, 0, 65535) ?? b.Timing.Retry),
        Keyword<T>.Line("connect_timeout", (b, n, c) => b.Timing.ConnectTimeout = c.Time(n, 0.001m, LvsKeywords.MaxSeconds) ?? b.Timing.ConnectTimeout),
        Keyword<T>.Line("bindto", (b, n, c) =>
        {
            b.Value = c.Ip(n, "a source address") is { } ip ? b.Value with { BindTo = ip } : b.Value;
            b.BindToAt = n.Location;
        }),
        Keyword<T>.Line("bind_port", (b, n, c) =>
        {
            b.Value = c.Int(n, 1, 65535, "a port") is { } p ? b.Value with { BindPort = (ushort)p } : b.Value;
            b.BindPortAt = n.Location;
        }),
        Keyword<T>.Line("bind_if", (b, n, c) => b.Value = CheckSourceRules.Interface(n, c) is { } name ? b.Value with { BindInterface = name } : b.Value),
        Keyword<T>.Line("fwmark", (b, n, c) => b.Value = CheckSourceRules.Mark(n, c) is { } mark ? b.Value with { FirewallMark = mark } : b.Value),
    ];

    /// <summary>delay_loop, retry, delay_before_retry, warmup (connect_timeout for the levels above a checker): set at any level, the inner one wins.</summary>
    public static IEnumerable<Keyword<T>> TimingRows<T>(Func<T, TimingParts> parts, bool connectTimeout = false) =>
    [
        Keyword<T>.Line("delay_loop", (b, n, c) => parts(b).DelayLoop = c.Time(n, 0.001m, LvsKeywords.MaxSeconds) ?? parts(b).DelayLoop),
        Keyword<T>.Line("retry", (b, n, c) => parts(b).Retry = c.Int(n, 0, 65535) ?? parts(b).Retry),
        Keyword<T>.Line("delay_before_retry", (b, n, c) => parts(b).DelayBeforeRetry = c.Time(n, 0, LvsKeywords.MaxSeconds) ?? parts(b).DelayBeforeRetry),
        Keyword<T>.Line("warmup", (b, n, c) => parts(b).Warmup = c.Time(n, 0, LvsKeywords.MaxSeconds) ?? parts(b).Warmup),
        .. connectTimeout
            ? [Keyword<T>.Line("connect_timeout", (b, n, c) => parts(b).ConnectTimeout = c.Time(n, 0.001m, LvsKeywords.MaxSeconds) ?? parts(b).ConnectTimeout)]
            : Array.Empty<Keyword<T>>(),
    ];

    /// <summary>Keywords keepalived has and Vigil refuses (an error naming them) because ignoring them would be unsafe.</summary>
    public static IEnumerable<Keyword<T>> Refused<T>(string why, params string[] names) => names.Select(name =>
        new Keyword<T>(name, KeywordShape.Either, (_, n, c) => c.Error(n.Location, "lvs-unsupported", $"'{name}' is a keepalived keyword that Vigil does not implement yet: {why}",
            $"remove '{name}' or run this virtual_server with keepalived")));

    private static Keyword<RealServerBuilder> Row<T>(string name, KeywordTable<T> table, Func<ConfigNode, T> create)
        where T : CheckBuilder =>
        Keyword<RealServerBuilder>.Block(name, (b, n, c) =>
        {
            T check = create(n);
            table.Bind(check, n.Children, c);
            check.Finish(n, c);
            foreach (CheckBuilder checker in check.Checkers)
            {
                CheckSourceRules.Check(checker, b.Value.Address, c);
            }

            b.Checks.Add(check);
        });
}
