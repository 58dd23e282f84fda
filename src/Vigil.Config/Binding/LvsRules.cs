using System.Net.Sockets;
using Vigil.Config.Model;

namespace Vigil.Config.Binding;

/// <summary>Cross-checks of the virtual servers once the whole file is read (keepalived refuses or misbehaves on these).</summary>
internal static class LvsRules
{
    public static void Check(KeepalivedConfig config, BindContext context)
    {
        var seen = new HashSet<(uint, LvsProtocol, System.Net.IPAddress, ushort)>();
        foreach (VirtualServer server in config.VirtualServers)
        {
            var key = server.FirewallMark != 0
                ? (server.FirewallMark, LvsProtocol.Tcp, server.Address, (ushort)0) // the any-address of its family: the kernel keys fwmark services by family and mark
                : (0u, server.Protocol, server.Address, server.Port);
            if (!seen.Add(key))
            {
                context.Error(server.Location.Location, "duplicate-virtual-server", $"virtual_server {server} ({server.Protocol}) is declared twice", "merge the two blocks into one");
            }

            if (server.RealServers.IsEmpty && server.SorryServer is null)
            {
                context.Warning(server.Location.Location, "no-real-servers", $"virtual_server {server} has no real_server: IPVS will drop its traffic", "add 'real_server IP PORT { }' blocks");
            }

            foreach (RealServer real in server.RealServers)
            {
                if (OtherFamily(server, real))
                {
                    context.Error(real.Location.Location, "family-mismatch", $"real_server {real} is not of the address family of virtual_server {server} (keepalived skips it)", "use real servers of the virtual server's family (a tunnelled one may differ)");
                }

                if (real.Checks.IsEmpty)
                {
                    context.Warning(real.Location.Location, "no-health-check", $"real_server {real} has no health check: it stays in the table even when it is down (as in keepalived)", "add a TCP_CHECK { } block");
                }
            }

            if (server.SorryServer is { } sorry && OtherFamily(server, sorry))
            {
                context.Error(sorry.Location.Location, "family-mismatch", $"sorry_server {sorry} is not of the address family of virtual_server {server} (keepalived skips it)", "use a sorry server of the virtual server's family (a tunnelled one may differ)");
            }

            foreach (RealServer real in server.RealServers.Where(r => r.Port == 0))
            {
                foreach (HealthCheck check in real.Checks.Where(c => c.NeedsPort && c.ConnectPort is null))
                {
                    context.Error(check.Location.Location, "missing-keyword", $"{check.Kind} of real_server {real} has no port to connect to", $"add 'connect_port PORT' to the {check.Kind} block");
                }
            }

            if (server.PersistenceGranularityPrefix is { } prefix && server.Address.AddressFamily == AddressFamily.InterNetwork && server.FirewallMark == 0)
            {
                context.Error(server.Location.Location, "invalid-value", $"persistence_granularity {prefix} is a prefix length, which is for IPv6; an IPv4 virtual_server needs a netmask", "write e.g. 'persistence_granularity 255.255.255.0'");
            }
        }
    }

    /// <summary>
    /// A server of an address virtual server (a fwmark one's are checked by <see cref="LvsFamily"/>) of the other family;
    /// a tunnelled one may be, as keepalived's rs_end_handler and the kernel (heterogeneous tunnel destinations) allow.
    /// </summary>
    private static bool OtherFamily(VirtualServer server, RealServer real) =>
        server.FirewallMark == 0 && real.Method != LvsMethod.Tunnel && real.Address.AddressFamily != server.Address.AddressFamily;
}
