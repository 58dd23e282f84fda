using System.Net;
using System.Net.Sockets;
using Vigil.Config.Model;
using Vigil.Config.Syntax;

namespace Vigil.Config.Binding;

/// <summary>
/// The address family of a fwmark virtual_server, as keepalived 2.2.7 settles it (check_parser.c): <c>ip_family</c>
/// when written; else the first real server that is not tunnelled (rs_end_handler), else a sorry server that is not
/// (vs_end_handler); else the family all the (tunnelled) servers share, else IPv4. A server of the other family is
/// an error where keepalived skips it with a config error (a tunnelled one may differ: the kernel takes
/// heterogeneous tunnel destinations).
/// </summary>
internal static class LvsFamily
{
    public static VirtualServer Resolve(VirtualServer server, SourceLocation? ipFamilyAt, BindContext context)
    {
        if (server.FirewallMark == 0 || server.GroupName is not null)
        {
            return server; // an address has its family; a group's entries give theirs
        }

        RealServer? sorry = server.SorryServer;
        RealServer? decides = server.RealServers.FirstOrDefault(r => r.Method != LvsMethod.Tunnel) ?? (sorry is { Method: not LvsMethod.Tunnel } ? sorry : null);
        AddressFamily family;
        string origin;
        if (ipFamilyAt is { } at)
        {
            family = server.Address.AddressFamily;
            origin = $"'ip_family' at {at}";
        }
        else if (decides is not null)
        {
            family = decides.Address.AddressFamily;
            origin = $"inferred from {(ReferenceEquals(decides, sorry) ? "sorry_server" : "real_server")} {decides} at {decides.Location.Location}";
        }
        else
        {
            AddressFamily[] all = [.. server.RealServers.Append(sorry).OfType<RealServer>().Select(r => r.Address.AddressFamily).Distinct()];
            family = all.Length == 1 ? all[0] : AddressFamily.InterNetwork;
            origin = all.Length == 1 ? "the family of its tunnelled servers" : "IPv4 by default";
        }

        server = server with { Address = family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any };
        foreach (RealServer real in server.RealServers.Append(sorry).OfType<RealServer>().Where(r => r.Method != LvsMethod.Tunnel && r.Address.AddressFamily != family))
        {
            string kind = ReferenceEquals(real, sorry) ? "sorry_server" : "real_server";
            context.Error(real.Location.Location, "family-mismatch",
                $"{kind} {real} is {Name(real.Address.AddressFamily)} but virtual_server {server} is {Name(family)} ({origin}); keepalived skips this {kind}",
                "use servers of one family, or set 'ip_family' to the family of the servers");
        }

        return server;
    }

    private static string Name(AddressFamily family) => family == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4";
}
