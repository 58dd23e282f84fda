using System.Globalization;
using System.Net;

namespace Vigil.Config.Binding;

/// <summary>Parses ADDRESS[/LEN] the way keepalived (inet_pton plus a prefix length) accepts it.</summary>
internal static class PrefixParser
{
    public static bool TryParse(string text, out IPAddress? address, out int? prefixLength)
    {
        prefixLength = null;
        int slash = text.IndexOf('/', StringComparison.Ordinal);
        string addressText = slash < 0 ? text : text[..slash];
        if (!BindContext.TryParseIp(addressText, out address) || address is null)
        {
            return false;
        }

        if (slash < 0)
        {
            return true;
        }

        int max = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? 128 : 32;
        string lengthText = text[(slash + 1)..];
        if (lengthText.Length is 0 or > 3 || !lengthText.All(char.IsAsciiDigit))
        {
            return false;
        }

        int length = int.Parse(lengthText, CultureInfo.InvariantCulture);
        if (length > max)
        {
            return false;
        }

        prefixLength = length;
        return true;
    }

    /// <summary>A route/rule destination: a prefix, or the words ip route/ip rule accept for "everything".</summary>
    public static bool IsValidDestination(string text) =>
        text is "default" or "all" || TryParse(text, out _, out _);
}
