using Vigil.Config.Model;

namespace Vigil.Config.Binding;

/// <summary>SMTP_CHECK (check_smtp.c install_smtp_check_keyword; the deprecated <c>host</c> sub-block is refused).</summary>
internal static class SmtpCheckKeywords
{
    public static KeywordTable<CheckBuilder> Table { get; } = new("SMTP_CHECK",
    [
        .. CheckerKeywords.ConnectionRows<CheckBuilder>(),
        .. CheckerKeywords.TimingRows<CheckBuilder>(b => b.Timing),
        Keyword<CheckBuilder>.Line("helo_name", (b, n, c) => b.Value = c.Word(n, "a host name") is { } name ? ((SmtpCheck)b.Value) with { HeloName = name } : b.Value),
        .. CheckerKeywords.Refused<CheckBuilder>("keepalived deprecates it; write one SMTP_CHECK per host with connect_ip/connect_port instead", "host"),
    ],
    ["log_all_failures"]);
}
