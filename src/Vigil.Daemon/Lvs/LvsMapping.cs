using System.Buffers.Binary;
using System.Net.Sockets;
using Vigil.Config.Model;
using Vigil.Linux.Ipvs;

namespace Vigil.Daemon.Lvs;

/// <summary>From the config model to IPVS kernel objects, as keepalived 2.2.7 sets them (ipwrapper.c, libipvs).</summary>
internal static class LvsMapping
{
    public static IpvsService Service(VirtualServer server)
    {
        bool v6 = server.Address.AddressFamily == AddressFamily.InterNetworkV6;
        uint netmask = v6 ? 128 : uint.MaxValue;
        if (server.PersistenceGranularity is { } mask && !v6)
        {
            Span<byte> bytes = stackalloc byte[4];
            mask.TryWriteBytes(bytes, out _);
            // libipvs sends the IPv4 netmask as the in_addr (network order) read as a u32 in host order.
            netmask = BinaryPrimitives.ReadUInt32LittleEndian(bytes);
        }
        else if (server.PersistenceGranularityPrefix is { } prefix && v6)
        {
            netmask = (uint)prefix;
        }

        return new IpvsService(server.FirewallMark != 0 ? IpvsProtocol.None : Protocol(server.Protocol), server.Address, server.Port, server.FirewallMark)
        {
            Scheduler = server.Scheduler,
            Flags = (server.PersistenceTimeout > 0 ? IpvsServiceFlags.Persistent : IpvsServiceFlags.None) | (IpvsServiceFlags)(uint)server.Flags,
            Timeout = (uint)server.PersistenceTimeout,
            Netmask = netmask,
            PersistenceEngine = server.PersistenceTimeout > 0 ? server.PersistenceEngine : null, // ipvswrapper.c: only for a persistent service
        };
    }

    public static IpvsDestination Destination(RealServer real, int weight) => new(real.Address, real.Port)
    {
        Method = real.Method switch
        {
            LvsMethod.DirectRoute => IpvsForwardMethod.DirectRoute,
            LvsMethod.Tunnel => IpvsForwardMethod.Tunnel,
            _ => IpvsForwardMethod.Masquerade,
        },
        Weight = weight,
        UpperThreshold = (uint)real.UpperThreshold,
        LowerThreshold = (uint)real.LowerThreshold,
    };

    private static IpvsProtocol Protocol(LvsProtocol protocol) => protocol switch
    {
        LvsProtocol.Udp => IpvsProtocol.Udp,
        LvsProtocol.Sctp => IpvsProtocol.Sctp,
        _ => IpvsProtocol.Tcp,
    };
}
