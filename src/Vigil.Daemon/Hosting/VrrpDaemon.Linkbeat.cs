using Vigil.Config.Model;
using Vigil.Core.Linkbeat;
using Vigil.Core.Tracking;
using Vigil.Daemon.EventLoop;
using Vigil.Daemon.Linux;

namespace Vigil.Daemon.Hosting;

/// <summary>linkbeat_interfaces: the polled interfaces' start-up state replaces netlink's, then the poller feeds the loop.</summary>
public sealed partial class VrrpDaemon
{
    private LinkbeatPoller? _linkbeat;

    /// <summary>Before the loop learns the links: polls the listed interfaces once and puts their state in <c>_links</c>.</summary>
    private void PollLinkbeat(KeepalivedConfig config, IReadOnlyList<RouterBinding> bindings)
    {
        if (config.LinkbeatInterfaces.Count == 0)
        {
            return;
        }

        HashSet<string> used = [.. config.Instances.Select(i => i.Interface).OfType<string>()];
        used.UnionWith(bindings.SelectMany(b => b.Tracking.Bindings).Where(t => t.Key.Kind == TrackerKind.Interface).Select(t => t.Key.Name));
        IReadOnlyList<LinkbeatPoll> polls = LinkbeatPoller.Select(config, used, _links.Values.ToDictionary(l => l.Name, StringComparer.Ordinal), _logger);
        if (polls.Count == 0)
        {
            return;
        }

        _linkbeat = Own(new LinkbeatPoller(polls, _events.Writer, _logger));
        foreach ((int index, bool up) in _linkbeat.Initial)
        {
            if (_links.TryGetValue(index, out Vigil.Linux.Netlink.LinkInfo? link))
            {
                _links[index] = link with { IsUp = up };
            }
        }
    }

    /// <summary>Once the loop runs: netlink's up/down of the polled interfaces is ignored from now on, the poller's taken.</summary>
    private void StartLinkbeat(VrrpEventLoop loop)
    {
        if (_linkbeat is not null)
        {
            loop.PolledLinks = _linkbeat.Names;
            _linkbeat.Start(TimeProvider.System);
        }
    }
}
