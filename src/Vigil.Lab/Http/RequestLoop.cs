using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Vigil.Lab.Topology;

namespace Vigil.Lab.Http;

/// <summary>
/// The lab's client: from inside the client machine's namespace it sends `GET /` to the VIP at a
/// fixed pace (a new TCP connection each), each bounded by a timeout, and counts successes,
/// failures, which app server answered, and outages. The loop is bounded in both request count and
/// time, and stops early on Dispose.
/// </summary>
public sealed class RequestLoop : IDisposable
{
    private static readonly byte[] s_request = "GET / HTTP/1.0\r\nHost: vip\r\nUser-Agent: vigil-lab\r\n\r\n"u8.ToArray();

    private readonly IPEndPoint _target;
    private readonly double _intervalMs;
    private readonly long _maxRequests;
    private readonly double _maxDurationMs;
    private readonly TimeSpan _timeout;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _lock = new();
    private readonly Dictionary<string, long> _answeredBy = [];
    private readonly List<(double StartMs, bool Ok)> _results = [];
    private readonly List<Task> _inFlight = [];
    private Thread? _pacer;
    private volatile bool _stopping;
    private long _sent;
    private long _succeeded;
    private long _failed;

    private RequestLoop(IPEndPoint target, int requestsPerSecond, TimeSpan maxDuration, TimeSpan timeout)
    {
        _target = target;
        _intervalMs = 1000.0 / requestsPerSecond;
        _maxDurationMs = maxDuration.TotalMilliseconds;
        _maxRequests = (long)(requestsPerSecond * maxDuration.TotalSeconds);
        _timeout = timeout;
    }

    /// <summary>Starts requesting http://<paramref name="target"/>/ from <paramref name="client"/>, <paramref name="requestsPerSecond"/> a second, for at most <paramref name="maxDuration"/>.</summary>
    public static RequestLoop Start(LabHost client, IPEndPoint target, int requestsPerSecond, TimeSpan maxDuration, TimeSpan? timeout = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(requestsPerSecond, 1);
        var loop = new RequestLoop(target, requestsPerSecond, maxDuration, timeout ?? TimeSpan.FromMilliseconds(500));
        loop._pacer = client.StartThread("http client", loop.Pace);
        return loop;
    }

    /// <summary>False once the loop has used up its time or request budget (or was disposed).</summary>
    public bool IsRunning => _pacer is { IsAlive: true };

    public ClientSnapshot Snapshot()
    {
        (double StartMs, bool Ok)[] results;
        ClientSnapshot counters;
        lock (_lock)
        {
            results = [.. _results];
            counters = new ClientSnapshot(_sent, _succeeded, _failed, _clock.Elapsed.TotalMilliseconds, new Dictionary<string, long>(_answeredBy), [], null);
        }

        (List<Outage> outages, double? open) = Outages(results);
        return counters with { Outages = outages, OpenOutageStartMs = open };
    }

    /// <summary>
    /// Requests finish out of order (a timed-out one after later successes), so outages are found
    /// in start order: a maximal run of failed requests, from the start of its first to the start
    /// of the next request that succeeded. A run still going at the end is the open outage.
    /// </summary>
    internal static (List<Outage> Outages, double? OpenStartMs) Outages((double StartMs, bool Ok)[] results)
    {
        Array.Sort(results, (a, b) => a.StartMs.CompareTo(b.StartMs));
        var outages = new List<Outage>();
        double? start = null;
        int failures = 0;
        foreach ((double startMs, bool ok) in results)
        {
            if (!ok)
            {
                start ??= startMs;
                failures++;
            }
            else if (start is { } first)
            {
                outages.Add(new Outage(first, startMs, failures));
                start = null;
                failures = 0;
            }
        }

        return (outages, start);
    }

    public void Dispose()
    {
        _stopping = true;
        _pacer?.Join(TimeSpan.FromSeconds(2));
        Task[] inFlight;
        lock (_lock)
        {
            inFlight = [.. _inFlight];
        }

        Task.WaitAll(inFlight, _timeout + TimeSpan.FromSeconds(1));
    }

    /// <summary>
    /// The pacing thread: it lives in the client's namespace, creates each request's socket there
    /// (a socket keeps the namespace it was created in) and lets the request finish asynchronously,
    /// so a request hanging until its timeout never delays the next one: the start times stay
    /// evenly spaced and an outage is measured to within one interval.
    /// </summary>
    private void Pace()
    {
        for (long slot = 0; slot < _maxRequests && !_stopping; slot++)
        {
            double due = slot * _intervalMs;
            if (due >= _maxDurationMs)
            {
                break;
            }

            double wait = due - _clock.Elapsed.TotalMilliseconds;
            if (wait > 0)
            {
                Thread.Sleep(TimeSpan.FromMilliseconds(wait));
            }

            double started = _clock.Elapsed.TotalMilliseconds;
            Socket socket;
            try
            {
                socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            }
            catch (SocketException)
            {
                Record(started, null);
                continue;
            }

            Task request = RequestAsync(socket, started);
            lock (_lock)
            {
                _inFlight.RemoveAll(t => t.IsCompleted);
                _inFlight.Add(request);
            }
        }
    }

    /// <summary>One `GET /` on <paramref name="socket"/>, bounded by the timeout; records the body, or a failure.</summary>
    private async Task RequestAsync(Socket socket, double startedMs)
    {
        string? answer = null;
        using (socket)
        using (var timeout = new CancellationTokenSource(_timeout))
        {
            try
            {
                await socket.ConnectAsync(_target, timeout.Token).ConfigureAwait(false);
                await socket.SendAsync(s_request, SocketFlags.None, timeout.Token).ConfigureAwait(false);
                byte[] buffer = new byte[1024];
                int length = 0;
                int read;
                while (length < buffer.Length && (read = await socket.ReceiveAsync(buffer.AsMemory(length), SocketFlags.None, timeout.Token).ConfigureAwait(false)) > 0)
                {
                    length += read;
                }

                string response = Encoding.ASCII.GetString(buffer, 0, length);
                int body = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                answer = response.StartsWith("HTTP/1.1 200 ", StringComparison.Ordinal) && body >= 0 ? response[(body + 4)..].Trim() : null;
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
            {
                answer = null;
            }
        }

        Record(startedMs, answer);
    }

    private void Record(double startedMs, string? answer)
    {
        lock (_lock)
        {
            _sent++;
            _results.Add((startedMs, answer is not null));
            if (answer is null)
            {
                _failed++;
                return;
            }

            _succeeded++;
            _answeredBy[answer] = _answeredBy.GetValueOrDefault(answer) + 1;
        }
    }
}
