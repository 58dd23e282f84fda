using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Vigil.Config.Model;
using Vigil.Config.Syntax;

namespace Vigil.Config.Binding;

/// <summary>
/// <c>virtual_server_group NAME { … }</c> and <c>virtual_server group NAME</c> (keepalived.conf(5)): the group's
/// entries are read at the top level; once the file is read, each <c>virtual_server group NAME</c> becomes one
/// virtual server per entry (the IPVS table keepalived builds for the group: one service per address, port or
/// fwmark, every one with the block's real servers). Unlike keepalived, each of those services runs its own
/// checkers (the table is the same; the real servers see one probe per entry).
/// </summary>
internal static class VirtualServerGroups
{
    private const int MaxRange = 256;

    public static void Bind(RootBuilder root, ConfigNode node, BindContext context)
    {
        if (node.Arguments.Count == 0 || !node.HasBlock)
        {
            context.Error(node.Location, "missing-argument", "'virtual_server_group' needs a name and a block", "write 'virtual_server_group NAME { 192.0.2.10 80 … }'");
            return;
        }

        context.NoMoreThan(node, 1);
        string name = node.Arguments[0].Text;
        if (root.VirtualServerGroups.ContainsKey(name))
        {
            context.Error(node.Location, "duplicate-name", $"virtual_server_group {name} is declared twice", "merge the two blocks into one");
            return;
        }

        var entries = new List<VirtualServerGroupEntry>();
        foreach (ConfigNode entry in node.Children!)
        {
            entries.AddRange(Entry(entry, context));
        }

        if (entries.Count == 0)
        {
            context.Error(node.Location, "missing-keyword", $"virtual_server_group {name} has no entries (keepalived removes it)", "add 'IP PORT', 'A.B.C.D-E PORT' or 'fwmark N' lines");
        }

        root.VirtualServerGroups[name] = entries;
    }

    /// <summary>The virtual servers a built block stands for: itself, or one per entry of its group.</summary>
    public static IEnumerable<VirtualServer> Expand(VirtualServer server, RootBuilder root, BindContext context)
    {
        if (server.GroupName is not { } name)
        {
            return [server];
        }

        if (!root.VirtualServerGroups.TryGetValue(name, out List<VirtualServerGroupEntry>? entries))
        {
            context.Error(server.Location.Location, "undefined-reference", $"virtual_server group {name}: there is no virtual_server_group {name} (keepalived ignores this virtual server)",
                $"declare 'virtual_server_group {name} {{ … }}'");
            return [];
        }

        return entries.Select(e => server with { Address = e.Address, Port = e.Port, FirewallMark = e.FirewallMark });
    }

    private static IEnumerable<VirtualServerGroupEntry> Entry(ConfigNode node, BindContext context)
    {
        if (node.Name == "fwmark")
        {
            if (node.Arguments.Count == 0 || !uint.TryParse(node.Arguments[0].Text, NumberStyles.None, CultureInfo.InvariantCulture, out uint mark) || mark == 0)
            {
                context.Error(node.Location, "invalid-number", "'fwmark' in a virtual_server_group needs a mark from 1 to 4294967295", "write 'fwmark N [inet|inet6]'");
                return [];
            }

            context.NoMoreThan(node, 2);
            string family = node.Arguments.Count > 1 ? node.Arguments[1].Text : "inet";
            if (family is not ("inet" or "inet6"))
            {
                context.Error(node.Arguments[1].Location, "invalid-value", $"'{family}' is not an address family", "write 'inet' or 'inet6'");
                return [];
            }

            return [new VirtualServerGroupEntry(family == "inet6" ? IPAddress.IPv6Any : IPAddress.Any, 0, mark)];
        }

        if (node.Arguments.Count != 1 || context.IntToken("virtual_server_group", node.Arguments[0], 1, 65535) is not { } port)
        {
            context.Error(node.Location, "missing-argument", $"'{node.Name}' in a virtual_server_group needs a port (or is 'fwmark N')", "write 'IP PORT' or 'A.B.C.D-E PORT'");
            return [];
        }

        string text = node.Name;
        int dash = text.LastIndexOf('-');
        if (dash < 0)
        {
            return BindContext.TryParseIp(text, out IPAddress? single) ? [new VirtualServerGroupEntry(single!, (ushort)port, 0)] : Invalid(node, context);
        }

        // A range varies the last byte (IPv4, decimal) or the last 16 bits (IPv6, hex): 192.0.2.10-20, 2001:db8::10-1f.
        if (!BindContext.TryParseIp(text[..dash], out IPAddress? first))
        {
            return Invalid(node, context);
        }

        bool v6 = first!.AddressFamily == AddressFamily.InterNetworkV6;
        byte[] bytes = first.GetAddressBytes();
        int start = v6 ? (bytes[14] << 8) | bytes[15] : bytes[3];
        if (!int.TryParse(text[(dash + 1)..], v6 ? NumberStyles.AllowHexSpecifier : NumberStyles.None, CultureInfo.InvariantCulture, out int end) || end < start || end > (v6 ? 0xFFFF : 255) || end - start >= MaxRange)
        {
            context.Error(node.Keyword.Location, "invalid-value", $"'{text}' is not an address range of at most {MaxRange} addresses", "write e.g. '192.0.2.10-20 80' (the last byte runs from 10 to 20)");
            return [];
        }

        var entries = new List<VirtualServerGroupEntry>(end - start + 1);
        for (int last = start; last <= end; last++)
        {
            if (v6)
            {
                bytes[14] = (byte)(last >> 8);
                bytes[15] = (byte)last;
            }
            else
            {
                bytes[3] = (byte)last;
            }

            entries.Add(new VirtualServerGroupEntry(new IPAddress(bytes), (ushort)port, 0));
        }

        return entries;
    }

    private static IEnumerable<VirtualServerGroupEntry> Invalid(ConfigNode node, BindContext context)
    {
        context.Error(node.Keyword.Location, "invalid-address", $"'{node.Name}' is not an IP address, an address range or 'fwmark'", "write 'IP PORT', 'A.B.C.D-E PORT' or 'fwmark N'");
        return [];
    }
}
