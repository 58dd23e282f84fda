using Vigil.Config.Model;
using Vigil.Config.Syntax;

namespace Vigil.Config.Binding;

/// <summary>DNS_CHECK (check_dns.c install_dns_check_keyword).</summary>
internal static class DnsCheckKeywords
{
    public static KeywordTable<DnsCheckBuilder> Table { get; } = new("DNS_CHECK",
    [
        .. CheckerKeywords.ConnectionRows<DnsCheckBuilder>(),
        .. CheckerKeywords.TimingRows<DnsCheckBuilder>(b => b.Timing),
        Keyword<DnsCheckBuilder>.Line("type", (b, n, c) =>
        {
            if (c.Word(n, "a record type (A, AAAA, SOA, …)") is not { } name)
            {
                return;
            }

            if (DnsCheck.Types.TryGetValue(name, out ushort type))
            {
                b.Value = ((DnsCheck)b.Value) with { Type = type };
            }
            else
            {
                c.Error(n.Arguments[0].Location, "invalid-value", $"'{name}' is not a record type keepalived's DNS_CHECK knows", $"write one of {string.Join(", ", DnsCheck.Types.Keys)}");
            }
        }),
        Keyword<DnsCheckBuilder>.Line("name", Name),
    ],
    ["log_all_failures"]);

    private static void Name(DnsCheckBuilder b, ConfigNode n, BindContext c)
    {
        if (c.Word(n, "a domain name") is not { } name)
        {
            return;
        }

        if ((name.StartsWith('.') && name != ".") || name.Contains("..", StringComparison.Ordinal) || name.Split('.').Any(label => label.Length > 63))
        {
            c.Error(n.Arguments[0].Location, "invalid-value", $"DNS_CHECK name '{name}' has an empty or too long label", "write a name such as example.org");
            return;
        }

        b.Value = ((DnsCheck)b.Value) with { Name = name };
    }
}

/// <summary>A DNS_CHECK block being read (keepalived's defaults: retry 3, delay_before_retry the delay_loop).</summary>
internal sealed class DnsCheckBuilder(DnsCheck value) : CheckBuilder(value)
{
    protected override int DefaultRetry => 3;

    protected override TimeSpan? DefaultDelayBeforeRetry => null;
}
