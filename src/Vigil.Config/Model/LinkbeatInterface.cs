namespace Vigil.Config.Model;

/// <summary>One entry of <c>linkbeat_interfaces { IF [MII|ETHTOOL|IOCTL] }</c>: poll this interface's carrier instead of relying on netlink.</summary>
public sealed record LinkbeatInterface(string Name, LinkbeatMethod Method, SourceRef Location);
