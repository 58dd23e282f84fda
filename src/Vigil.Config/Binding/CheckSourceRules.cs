using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Vigil.Config.Model;
using Vigil.Config.Syntax;

namespace Vigil.Config.Binding;

/// <summary>
/// The source of a connecting checker's sockets (check_api.c: bindto, bind_port, bind_if, fwmark) and keepalived's
/// cross-checks of it once the checker block is read: the source and the destination of one family, a link-local
/// destination only with an interface (check_conn_opts).
/// </summary>
internal static class CheckSourceRules
{
    /// <summary>IFNAMSIZ less the terminating NUL: keepalived ignores a longer bind_if.</summary>
    private const int MaxInterfaceName = 15;

    public static string? Interface(ConfigNode node, BindContext context)
    {
        if (context.Word(node, "an interface name") is not { } name)
        {
            return null;
        }

        if (name.Length > MaxInterfaceName || name.Contains('/', StringComparison.Ordinal))
        {
            context.Error(node.Arguments[0].Location, "invalid-value", $"'{name}' is not an interface name (at most {MaxInterfaceName} characters, no '/')", "write the name 'ip link' shows");
            return null;
        }

        return name;
    }

    /// <summary>keepalived co_fwmark_handler: 0 to 4294967295, 0 meaning no mark.</summary>
    public static uint? Mark(ConfigNode node, BindContext context)
    {
        if (context.Word(node, "a firewall mark") is not { } text)
        {
            return null;
        }

        if (!uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out uint mark))
        {
            context.Error(node.Arguments[0].Location, "invalid-number", $"'{text}' is not a firewall mark", "write 'fwmark N' with N from 0 to 4294967295");
            return null;
        }

        return mark;
    }

    /// <summary>The checks keepalived makes once it knows where the checker connects (connect_ip, else the real server's <paramref name="realAddress"/>).</summary>
    public static void Check(CheckBuilder builder, IPAddress realAddress, BindContext context)
    {
        HealthCheck check = builder.Value;
        if (!check.Connects)
        {
            return;
        }

        IPAddress target = check.ConnectIp ?? realAddress;
        if (check.BindTo is { } source && builder.BindToAt is { } at)
        {
            if (source.AddressFamily != target.AddressFamily)
            {
                context.Error(at, "family-mismatch", $"bindto {source} is not of the family of {target}, where this {check.Kind} connects (keepalived skips such a bindto)",
                    $"write a bindto address of the {(target.AddressFamily == AddressFamily.InterNetwork ? "IPv4" : "IPv6")} family, or change connect_ip");
            }
            else if (source.IsIPv6LinkLocal && check.BindInterface is null)
            {
                context.Error(at, "missing-keyword", $"bindto {source} is link-local: the checker cannot bind to it without an interface",
                    $"add 'bind_if IFNAME' to the {check.Kind} block");
            }
        }

        if (target.IsIPv6LinkLocal && check.BindInterface is null)
        {
            context.Error(check.Location.Location, "missing-keyword", $"{check.Kind} connects to the link-local address {target}, which needs an interface (keepalived drops this checker)",
                $"add 'bind_if IFNAME' to the {check.Kind} block");
        }

        if (check.BindPort is not null && check.BindTo is null && builder.BindPortAt is { } portAt && KeywordApplication.Of(check.Kind, "bind_port")?.Support == KeywordSupport.Applied)
        {
            context.Warning(portAt, ConfigBinder.NotAppliedCode, "'bind_port' is read but not applied by vigil run: keepalived binds a checker's socket only to a bindto address, so without one the source port is any",
                "add 'bindto ADDRESS' to the block, or remove bind_port");
        }
    }
}
