using Microsoft.Extensions.Logging;
using Vigil.Config.Model;
using Vigil.Daemon.Linux;
using Vigil.Linux;
using Vigil.Linux.Netlink;

namespace Vigil.Daemon.Hosting;

/// <summary>interface_up_down_delays by interface index, capped as keepalived 2.2.7 does (vrrp.c check_debounce_timers).</summary>
public sealed partial class VrrpDaemon
{
    /// <summary>
    /// Each delay must stay below (down_timer_adverts − 1) × advert_int of every instance on that interface, else a
    /// held link change could outlast the peers' down timer: keepalived lowers it to that minus advert_int/256 (and to
    /// 0 with down_timer_adverts 1), with a log line. Interfaces that do not exist are left out.
    /// </summary>
    private static Dictionary<int, (TimeSpan Down, TimeSpan Up)> LinkDelays(Dictionary<string, (TimeSpan Down, TimeSpan Up)> delaysByName, IEnumerable<LinkInfo> links)
    {
        var byName = links.ToDictionary(l => l.Name, l => l.InterfaceIndex, StringComparer.Ordinal);
        var delays = new Dictionary<int, (TimeSpan Down, TimeSpan Up)>();
        foreach ((string name, (TimeSpan Down, TimeSpan Up) delay) in delaysByName)
        {
            if (byName.TryGetValue(name, out int index))
            {
                delays[index] = delay;
            }
        }

        return delays;
    }

    /// <summary>
    /// The capped delays by interface name, those of interfaces that do not exist yet too: with dynamic_interfaces the
    /// loop gives them to the interface when it is created (keepalived 2.2.7 loses them then: its new interface_t is
    /// zeroed, keeping only garp_delay and the tracking; Vigil keeps what the configuration asks for).
    /// </summary>
    private Dictionary<string, (TimeSpan Down, TimeSpan Up)> LinkDelaysByName(KeepalivedConfig config)
    {
        var delays = new Dictionary<string, (TimeSpan Down, TimeSpan Up)>(StringComparer.Ordinal);
        foreach (InterfaceUpDownDelay delay in config.InterfaceUpDownDelays)
        {
            (TimeSpan down, TimeSpan up) = (delay.Down, delay.Up);
            foreach (VrrpInstance instance in config.Instances.Where(i => i.Interface == delay.Interface))
            {
                TimeSpan limit = instance.DownTimerAdverts <= 1 ? TimeSpan.Zero : ((instance.DownTimerAdverts - 1) * instance.AdvertInterval) - (instance.AdvertInterval / 256);
                if (down >= limit || up >= limit)
                {
                    down = down >= limit ? limit : down;
                    up = up >= limit ? limit : up;
                    Log.LinkDelayCapped(_logger, instance.Name, delay.Interface, limit.TotalMilliseconds);
                }
            }

            delays[delay.Interface] = (down, up);
        }

        return delays;
    }

    /// <summary>A netlink reader's read or re-read failed: logged, and the reader goes on (<see cref="NetlinkEventThread{TEvent}"/>).</summary>
    private void NetlinkReadFailed(string reader, SyscallException failure) => Log.NetlinkReadFailed(_logger, reader, failure.Message);

    private static partial class Log
    {
        [LoggerMessage(EventId = 202, Level = LogLevel.Error, Message = "netlink reader '{Reader}': {Error}; it goes on reading, but a link, address, route or rule change may have been missed")]
        public static partial void NetlinkReadFailed(ILogger logger, string reader, string error);

        [LoggerMessage(EventId = 155, Level = LogLevel.Warning, Message = "{Instance}: interface_up_down_delays of {Interface} not below (down_timer_adverts - 1) x advert_int: lowered to {LimitMs:F1} ms")]
        public static partial void LinkDelayCapped(ILogger logger, string instance, string @interface, double limitMs);
    }
}
