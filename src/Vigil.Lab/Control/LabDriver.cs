using Vigil.Lab.Http;
using Vigil.Lab.Seed;
using Vigil.Linux.Host;

namespace Vigil.Lab.Control;

/// <summary>
/// Drives a running lab for the live view's keys and the lab's socket alike: one action at a time
/// (a second waits, or is refused when the caller will not wait), a log of recent events, the
/// client's recent success rate, and the request to quit.
/// </summary>
public sealed class LabDriver : IDisposable
{
    private const int MaxEvents = 8;
    private static readonly TimeSpan s_window = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private readonly Lock _lock = new();
    private readonly List<string> _events = [];
    private readonly Queue<ClientSnapshot> _samples = new();
    private readonly CancellationTokenSource _quit = new();
    private readonly Action<string> _onEvent;

    /// <param name="lab">The running lab.</param>
    /// <param name="client">Its client, whose counters the status shows.</param>
    /// <param name="onEvent">Hears each event as it happens (the view prints it when stdout is not a terminal).</param>
    public LabDriver(SeedLab lab, RequestLoop client, Action<string> onEvent)
    {
        Lab = lab;
        Client = client;
        _onEvent = onEvent;
    }

    public SeedLab Lab { get; }

    public RequestLoop Client { get; }

    /// <summary>What is being done right now, or null.</summary>
    public string? Busy { get; private set; }

    /// <summary>Cancelled when someone asked the lab to quit (`vigil lab quit`).</summary>
    public CancellationToken QuitRequested => _quit.Token;

    public void RequestQuit(string by)
    {
        Event($"quit requested by {by}");
        _quit.Cancel();
    }

    public void Event(string text)
    {
        lock (_lock)
        {
            _events.Add($"{DateTime.UtcNow:HH:mm:ss} {text}");
            if (_events.Count > MaxEvents)
            {
                _events.RemoveAt(0);
            }
        }

        _onEvent(text);
    }

    /// <summary>
    /// Performs <paramref name="action"/> (on <paramref name="node"/>, or on the master) once the one
    /// before it has finished, waiting at most <paramref name="wait"/> for that; returns what was done.
    /// Throws <see cref="LabException"/> when busy beyond the wait or when the action failed.
    /// </summary>
    public async Task<string> PerformAsync(LabAction action, string? node, TimeSpan wait)
    {
        if (!await _oneAtATime.WaitAsync(wait).ConfigureAwait(false))
        {
            throw new LabException($"busy: {Busy ?? "another action"} is still running; try again when it is done");
        }

        try
        {
            (string what, Action act) = LabActions.Prepare(Lab, action, node);
            Busy = what;
            Event(what);
            try
            {
                await Task.Run(act).ConfigureAwait(false);
                return what;
            }
            catch (Exception e) when (e is LabException or HostCommandException)
            {
                Event($"{what} failed: {e.Message}");
                throw e as LabException ?? new LabException(e.Message, e);
            }
        }
        finally
        {
            Busy = null;
            _oneAtATime.Release();
        }
    }

    /// <summary>The lab now: nodes from their control sockets, the VIP from the interfaces, the client over the last few seconds.</summary>
    public LabStatusReport Report()
    {
        IReadOnlyList<NodeStatus> nodes = Lab.Status();
        ClientSnapshot now = Client.Snapshot();
        ClientSnapshot recent;
        string[] events;
        lock (_lock)
        {
            // The oldest sample within the window (or the only one) is where "recent" starts.
            while (_samples.Count > 1 && _samples.Peek().ElapsedMs < now.ElapsedMs - s_window.TotalMilliseconds)
            {
                _ = _samples.Dequeue();
            }

            recent = _samples.TryPeek(out ClientSnapshot? since) ? now.Since(since) : now;
            _samples.Enqueue(now);
            events = [.. _events];
        }

        double seconds = Math.Max(0.001, recent.ElapsedMs / 1000);
        return new LabStatusReport(
            Lab.Options.Prefix,
            Lab.Options.Timing == LabTiming.Fast ? "fast" : "seed",
            Lab.Options.Nopreempt,
            Lab.UsesNginx ? "nginx" : "built-in responder",
            SeedLab.Vip,
            [.. nodes.Where(n => n.HoldsVip).Select(n => n.Name)],
            nodes,
            new LabClientStatus(
                now.Sent,
                now.Succeeded,
                now.Failed,
                Math.Round(seconds, 1),
                recent.Sent == 0 ? null : Math.Round(100.0 * recent.Succeeded / recent.Sent, 1),
                Math.Round(recent.Sent / seconds, 1),
                recent.AnsweredBy.Where(p => p.Value > 0).ToDictionary(p => p.Key, p => p.Value),
                now.OpenOutageStartMs is { } open ? Math.Round(now.ElapsedMs - open, 1) : null,
                now.LastOutage,
                now.LastOutage is { } last ? Math.Round((now.ElapsedMs - last.EndMs) / 1000, 1) : null,
                Client.IsRunning),
            Busy,
            events);
    }

    public void Dispose()
    {
        _oneAtATime.Dispose();
        _quit.Dispose();
    }
}
