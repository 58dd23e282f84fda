namespace Vigil.Config.Model;

/// <summary><c>use_vmac [IFNAME] [MAC]</c>: run the instance on a macvlan with the RFC virtual MAC (00:00:5e:00:01:VRID); the name defaults to <c>vrrp.VRID</c>.</summary>
public sealed record VmacSpec(string? InterfaceName, string? MacAddress, SourceRef Location);
