namespace Vigil.Linux.Ipvs;

/// <summary>The kernel has no IPVS (the ip_vs module is not loaded or not built): nothing LVS can run.</summary>
public sealed class IpvsUnavailableException(string message, Exception? inner = null) : Exception(message, inner)
{
    public const string Advice = "the IPVS netlink family is not registered: the ip_vs kernel module is not loaded (modprobe ip_vs)";
}
