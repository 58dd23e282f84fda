using System.ComponentModel;
using System.Net;
using Microsoft.Extensions.Logging;
using Vigil.Config.Model;
using Vigil.Linux.Firewall;
using Vigil.Linux.Host;

namespace Vigil.Daemon.Hosting;

/// <summary>
/// no_accept (explicit, or implied by vrrp_strict) for instances that are not the address owner, as keepalived:
/// traffic to and from their VIPs is dropped while they hold them (see <see cref="NftVipFilter"/>). Installed at
/// start and on every reload, removed at stop; when nft is missing or fails the start-up says so and the VIPs accept
/// traffic as with 'accept'.
/// </summary>
public sealed partial class VrrpDaemon
{
    private bool _vipFilterInstalled;

    /// <summary>The addresses no_accept filters: every VIP (and excluded address) of an instance with accept off and priority below 255.</summary>
    internal static IReadOnlyList<IPAddress> FilteredVips(KeepalivedConfig config) =>
        [.. config.Instances
            .Where(i => !i.Accept && i.Priority != 255)
            .SelectMany(i => i.VirtualIpAddresses.Concat(i.VirtualIpAddressesExcluded))
            .Select(a => a.Address)
            .Distinct()];

    private void ApplyVipFilter(KeepalivedConfig config)
    {
        IReadOnlyList<IPAddress> filtered = FilteredVips(config);
        if (filtered.Count == 0 && !_vipFilterInstalled)
        {
            return;
        }

        try
        {
            NftVipFilter.Run(filtered.Count == 0 ? NftVipFilter.RemoveScript : NftVipFilter.InstallScript(filtered));
            _vipFilterInstalled = filtered.Count > 0;
            if (filtered.Count > 0)
            {
                Log.VipFilterInstalled(_logger, filtered.Count, NftVipFilter.Table);
            }
        }
        catch (Exception e) when (e is HostCommandException or Win32Exception)
        {
            Log.VipFilterFailed(_logger, string.Join(", ", filtered), e.Message);
        }
    }

    private void RemoveVipFilter()
    {
        if (!_vipFilterInstalled)
        {
            return;
        }

        try
        {
            NftVipFilter.Run(NftVipFilter.RemoveScript);
            _vipFilterInstalled = false;
        }
        catch (Exception e) when (e is HostCommandException or Win32Exception)
        {
            Log.VipFilterRemoveFailed(_logger, NftVipFilter.Table, e.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 185, Level = LogLevel.Information, Message = "no_accept: traffic to and from {Count} virtual address(es) is dropped while this node holds them (nftables table inet {Table})")]
        public static partial void VipFilterInstalled(ILogger logger, int count, string table);

        [LoggerMessage(EventId = 186, Level = LogLevel.Warning, Message = "no_accept is NOT enforced for {Addresses}: they accept traffic as with 'accept' ({Error}); install nftables (the nft program) or write 'accept'")]
        public static partial void VipFilterFailed(ILogger logger, string addresses, string error);

        [LoggerMessage(EventId = 187, Level = LogLevel.Warning, Message = "cannot remove nftables table inet {Table}: {Error}")]
        public static partial void VipFilterRemoveFailed(ILogger logger, string table, string error);
    }
}
