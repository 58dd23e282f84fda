using System.Net;
using Vigil.Config.Model;
using Vigil.Config.Syntax;

namespace Vigil.Config.Binding;

/// <summary>The <c>lvs_sync_daemon</c> line of global_defs, read as keepalived's global_parser.c does (options in any order).</summary>
internal static class LvsSyncDaemonKeyword
{
    /// <summary>IP_VS_IFNAME_MAXLEN - 1.</summary>
    private const int MaxInterfaceName = 15;

    private static readonly string[] s_options = ["inst", "id", "maxlen", "port", "ttl", "group"];

    public static LvsSyncDaemon? Bind(ConfigNode node, BindContext context)
    {
        ConfigToken[] words = [.. node.Arguments];
        if (words.Length == 0)
        {
            context.Error(node.Location, "missing-argument", "'lvs_sync_daemon' needs the interface the sync messages use", "write 'lvs_sync_daemon IF VRRP_INSTANCE' (or 'lvs_sync_daemon IF' for both daemons)");
            return null;
        }

        if (words[0].Text.Length > MaxInterfaceName)
        {
            context.Error(words[0].Location, "invalid-value", $"interface name '{words[0].Text}' is longer than the kernel's 15 characters", "name the interface the sync messages use");
            return null;
        }

        var daemon = new LvsSyncDaemon(words[0].Text, null, node.Location);
        for (int i = 1; i < words.Length; i++)
        {
            string option = words[i].Text;
            bool positional = !s_options.Contains(option);
            if (positional && i == 1 && daemon.Instance is null)
            {
                daemon = daemon with { Instance = option }; // the older form: IF VRRP_INSTANCE [SYNC_ID]
                continue;
            }

            if (positional && i == 2 && daemon.SyncId is null && daemon.Instance is not null)
            {
                daemon = context.IntToken("lvs_sync_daemon", words[i], 0, 255) is { } id ? daemon with { SyncId = id } : daemon;
                continue;
            }

            if (positional)
            {
                EntryWords.UnknownOption(words[i], "lvs_sync_daemon line", s_options, context);
                continue;
            }

            if (EntryWords.ValueAfter(words, ref i, "lvs_sync_daemon line", context) is not { } value)
            {
                continue;
            }

            daemon = option switch
            {
                "inst" => daemon with { Instance = value.Text },
                "id" => context.IntToken("lvs_sync_daemon id", value, 0, 255) is { } id ? daemon with { SyncId = id } : daemon,
                "maxlen" => context.IntToken("lvs_sync_daemon maxlen", value, 1, 65535 - 20 - 8) is { } n ? daemon with { MaxLength = n } : daemon,
                "port" => context.IntToken("lvs_sync_daemon port", value, 1, 65535) is { } p ? daemon with { Port = p } : daemon,
                "ttl" => context.IntToken("lvs_sync_daemon ttl", value, 1, 255) is { } t ? daemon with { Ttl = t } : daemon,
                _ => Group(daemon, value, context),
            };
        }

        return daemon;
    }

    /// <summary>After the instances are bound: the named instance must exist (keepalived drops the whole setting otherwise).</summary>
    public static void Check(KeepalivedConfig config, BindContext context)
    {
        if (config.Global.LvsSyncDaemon is { Instance: { } name } daemon && config.FindInstance(name) is null)
        {
            context.Error(daemon.Location.Location, "undefined-reference", $"lvs_sync_daemon follows vrrp_instance '{name}', which is not defined (keepalived would run no sync daemon at all)",
                "name an existing vrrp_instance, or leave the instance out to run the master and backup daemons together");
        }
    }

    private static LvsSyncDaemon Group(LvsSyncDaemon daemon, ConfigToken value, BindContext context)
    {
        if (context.Ip(value, "lvs_sync_daemon group") is not { } group)
        {
            return daemon;
        }

        if (!IsMulticast(group))
        {
            context.Error(value.Location, "invalid-value", $"lvs_sync_daemon group {group} is not a multicast address", "write a multicast group such as 224.0.0.81, or leave 'group' out");
            return daemon;
        }

        return daemon with { Group = group };
    }

    private static bool IsMulticast(IPAddress address) =>
        address.IsIPv6Multicast || (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && (address.GetAddressBytes()[0] & 0xF0) == 0xE0);
}
