using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Vigil.Config.Model;
using Vigil.Core.Linkbeat;
using Vigil.Daemon.EventLoop;
using Vigil.Linux.Linkbeat;
using Vigil.Linux.Netlink;

namespace Vigil.Daemon.Linux;

/// <summary>
/// linkbeat_interfaces, as keepalived 2.2.7 (vrrp_if.c init_interface_linkbeat, if_linkbeat_refresh_thread): each
/// listed interface is polled once a second (POLLING_DELAY) with its method and each change is posted to the loop
/// as a link event, the same path netlink's carrier takes; the loop ignores netlink's up/down for these interfaces
/// (keepalived_netlink.c returns before update_interface_flags), creation and deletion still come from netlink.
/// </summary>
internal sealed partial class LinkbeatPoller : IDisposable
{
    private static readonly TimeSpan s_interval = TimeSpan.FromSeconds(1);

    private readonly LinkbeatSocket _socket;
    private readonly Probes _probes;
    private readonly (LinkbeatPoll Poll, int Index, bool Up)[] _entries;
    private readonly ChannelWriter<DaemonEvent> _events;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private ITimer? _timer;
    private bool _disposed;

    /// <summary>Polls <paramref name="polls"/> once now (the start-up state: <see cref="Initial"/>); <see cref="Start"/> begins the timer.</summary>
    public LinkbeatPoller(IEnumerable<LinkbeatPoll> polls, ChannelWriter<DaemonEvent> events, ILogger logger)
    {
        _socket = LinkbeatSocket.Open();
        _probes = new Probes(_socket);
        _events = events;
        _logger = logger;
        _entries = [.. polls.Select(p => (p, 0, false))];
        for (int i = 0; i < _entries.Length; i++)
        {
            LinkbeatPoll poll = _entries[i].Poll;
            int index = RtNetlink.GetInterfaceIndex(poll.Name);
            bool up = poll.Poll(_probes, index != 0);
            _entries[i] = (poll, index, up);
            Report(poll);
        }
    }

    /// <summary>Interface index → up, as polled at construction (interfaces that do not exist are left out).</summary>
    public IEnumerable<KeyValuePair<int, bool>> Initial => _entries.Where(e => e.Index != 0).Select(e => KeyValuePair.Create(e.Index, e.Up));

    /// <summary>The polled interfaces' names: the loop takes their up/down from here, not from netlink.</summary>
    public IReadOnlySet<string> Names => _entries.Select(e => e.Poll.Name).ToHashSet(StringComparer.Ordinal);

    public void Start(TimeProvider time) => _timer = time.CreateTimer(_ => Refresh(), null, s_interval, s_interval);

    public void Dispose()
    {
        _timer?.Dispose();
        lock (_lock)
        {
            _disposed = true;
            _socket.Dispose();
        }
    }

    /// <summary>
    /// The entries keepalived polls: listed interfaces that an instance runs on or tracks, which exist or may come
    /// (dynamic_interfaces), except macvlans and ipvlans, whose netlink notifications are reliable.
    /// </summary>
    public static IReadOnlyList<LinkbeatPoll> Select(KeepalivedConfig config, IReadOnlySet<string> used, IReadOnlyDictionary<string, LinkInfo> links, ILogger logger)
    {
        var polls = new List<LinkbeatPoll>();
        foreach (LinkbeatInterface entry in config.LinkbeatInterfaces)
        {
            if (!used.Contains(entry.Name))
            {
                Log.NotTracked(logger, entry.Location.ToString(), entry.Name);
            }
            else if (links.TryGetValue(entry.Name, out LinkInfo? link) && link.Kind is LinkKind.Macvlan or LinkKind.Ipvlan)
            {
                Log.NotForVmacs(logger, entry.Location.ToString(), entry.Name);
            }
            else if (polls.All(p => p.Name != entry.Name))
            {
                polls.Add(new LinkbeatPoll(entry.Name, entry.Method));
            }
        }

        return polls;
    }

    private void Refresh()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return; // a tick that raced the stop
            }

            for (int i = 0; i < _entries.Length; i++)
            {
                (LinkbeatPoll poll, int index, bool was) = _entries[i];
                int now = RtNetlink.GetInterfaceIndex(poll.Name);
                LinkbeatMethod? before = poll.InUse;
                bool up = poll.Poll(_probes, now != 0);
                if (poll.InUse != before && poll.InUse is not null)
                {
                    Report(poll);
                }

                _entries[i] = (poll, now, up);
                if (now != 0 && (up != was || now != index))
                {
                    Log.Reports(_logger, poll.Name, up ? "up" : "down");
                    _events.TryWrite(DaemonEvent.Link(now, up));
                }
            }
        }
    }

    private void Report(LinkbeatPoll poll)
    {
        if (poll.InUse is not { } method)
        {
            return;
        }

        if (method != poll.Configured)
        {
            Log.MethodNotSupported(_logger, poll.Name, Word(poll.Configured), Word(method));
        }
        else
        {
            Log.Polling(_logger, poll.Name, Word(method));
        }
    }

    private static string Word(LinkbeatMethod method) => method.ToString().ToUpperInvariant();

    private sealed class Probes(LinkbeatSocket socket) : ILinkProbes
    {
        public int Mii(string name) => socket.Mii(name);

        public int Ethtool(string name) => socket.Ethtool(name);

        public bool Flags(string name) => socket.Flags(name);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 193, Level = LogLevel.Information, Message = "linkbeat: polling {Interface} with {Method} every second; netlink's up/down is ignored for it")]
        public static partial void Polling(ILogger logger, string @interface, string method);

        [LoggerMessage(EventId = 194, Level = LogLevel.Warning, Message = "linkbeat: configured type {Configured} not supported on {Interface}, using {Method}")]
        public static partial void MethodNotSupported(ILogger logger, string @interface, string configured, string method);

        [LoggerMessage(EventId = 195, Level = LogLevel.Information, Message = "Linkbeat reports {Interface} {State}")]
        public static partial void Reports(ILogger logger, string @interface, string state);

        [LoggerMessage(EventId = 196, Level = LogLevel.Warning, Message = "{Location}: linkbeat_interfaces {Interface} not polled: no vrrp_instance runs on or tracks it")]
        public static partial void NotTracked(ILogger logger, string location, string @interface);

        [LoggerMessage(EventId = 199, Level = LogLevel.Warning, Message = "{Location}: linkbeat_interfaces {Interface} not polled: it is a macvlan/ipvlan, whose netlink link state is reliable")]
        public static partial void NotForVmacs(ILogger logger, string location, string @interface);
    }
}
