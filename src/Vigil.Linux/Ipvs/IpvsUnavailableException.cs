namespace Vigil.Linux.Ipvs;

/// <summary>The kernel has no IPVS (the ip_vs module is not loaded or not built): nothing LVS can run.</summary>
public sealed class IpvsUnavailableException(string message, Exception? inner = null) : Exception(message, inner)
{
    public const string Advice = "the kernel has no IPVS: load the ip_vs kernel module (modprobe ip_vs) or remove the virtual_server blocks";
}
