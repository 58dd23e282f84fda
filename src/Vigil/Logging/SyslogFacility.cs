namespace Vigil.Cli.Logging;

/// <summary>keepalived's -S/--log-facility values: 0–7 (LOG_LOCAL0–7), local0–local7, user, daemon.</summary>
internal static class SyslogFacility
{
    private const int User = 1;
    private const int Daemon = 3;
    private const int Local0 = 16;

    /// <summary>The facility code (RFC 5424 numbering), or null when <paramref name="text"/> is not one keepalived takes.</summary>
    public static int? Parse(string text) => text switch
    {
        "user" => User,
        "daemon" => Daemon,
        [>= '0' and <= '7'] => Local0 + (text[0] - '0'),
        ['l', 'o', 'c', 'a', 'l', >= '0' and <= '7'] => Local0 + (text[5] - '0'),
        _ => null,
    };
}
