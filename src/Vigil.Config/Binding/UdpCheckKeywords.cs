using Vigil.Config.Model;
using Vigil.Config.Syntax;

namespace Vigil.Config.Binding;

/// <summary>UDP_CHECK (check_udp.c install_udp_check_keyword).</summary>
internal static class UdpCheckKeywords
{
    public static KeywordTable<CheckBuilder> Table { get; } = new("UDP_CHECK",
    [
        .. CheckerKeywords.ConnectionRows<CheckBuilder>(),
        .. CheckerKeywords.TimingRows<CheckBuilder>(b => b.Timing),
        Keyword<CheckBuilder>.Line("payload", (b, n, c) => b.Value = Hex(n, c, wildcards: false, required: true) is { } hex ? Udp(b) with { Payload = hex } : b.Value),
        Keyword<CheckBuilder>.Line("require_reply", (b, n, c) =>
        {
            string? reply = n.Arguments.Count == 0 ? null : Hex(n, c, wildcards: true, required: true);
            b.Value = n.Arguments.Count > 0 && reply is null ? b.Value : Udp(b) with { RequireReply = true, Reply = reply };
        }),
        Keyword<CheckBuilder>.Line("min_reply_length", (b, n, c) => b.Value = c.Int(n, 0, 65535, "a length in bytes") is { } v ? Udp(b) with { MinReplyLength = v } : b.Value),
        Keyword<CheckBuilder>.Line("max_reply_length", (b, n, c) => b.Value = c.Int(n, 0, 65535, "a length in bytes") is { } v ? Udp(b) with { MaxReplyLength = v } : b.Value),
    ],
    ["log_all_failures"]);

    private static UdpCheck Udp(CheckBuilder b) => (UdpCheck)b.Value;

    /// <summary>keepalived read_hex_str: the words joined, spaces skipped, two digits an octet (x a wildcard nibble where allowed).</summary>
    private static string? Hex(ConfigNode n, BindContext c, bool wildcards, bool required)
    {
        string text = string.Concat(n.Arguments.Select(a => a.Text)).Replace("\t", string.Empty, StringComparison.Ordinal);
        bool valid = text.Length > 0 && text.All(ch => char.IsAsciiHexDigit(ch) || (wildcards && ch is 'x' or 'X'));
        if (!valid && (required || text.Length > 0))
        {
            c.Error(n.Location, "invalid-value", $"'{n.Name}' needs hex digits{(wildcards ? " (x for any nibble)" : string.Empty)}, not '{text}'", $"write e.g. '{n.Name} 0a1b2c'");
            return null;
        }

        text = text.ToLowerInvariant();
        return text.Length % 2 == 1 ? text[..^1] + "0" + text[^1] : text;
    }
}
