using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Vigil.Linux.Tests.Netns;
using Xunit.Abstractions;

namespace Vigil.Linux.Tests.Integration;

/// <summary>
/// A real `vigil run` started as systemd would start a Type=notify unit: $NOTIFY_SOCKET names a datagram
/// socket this test binds (standing in for the service manager), $WATCHDOG_USEC asks for pets and
/// $JOURNAL_STREAM says stderr goes to the journal.
/// </summary>
public sealed class SystemdNotifyNetnsTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("vigil-notify-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [SkippableFact]
    public void VigilRun_UnderNotifySocket_SendsReadyWatchdogAndStoppingAndLogsJournalPriorities()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("sdn");
        (LabNode a, _) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        string conf = VigilRunNetnsTests.WriteConfig(_directory, "a.conf", a, "MASTER", 100, "192.0.2.1", "192.0.2.2", version: 3, "0.1");
        using var manager = new FakeServiceManager(Path.Combine(_directory, "notify.sock"));
        var environment = new Dictionary<string, string>
        {
            ["NOTIFY_SOCKET"] = manager.Path,
            ["WATCHDOG_USEC"] = "400000",
            ["JOURNAL_STREAM"] = "8:12345",
        };

        using VigilProcess vigil = VigilProcess.Start(a, environment, "run", "-f", conf);
        string ready = manager.WaitFor(m => m.Contains("READY=1", StringComparison.Ordinal), vigil);
        Assert.Contains("STATUS=1 vrrp_instance(s) from " + conf, ready, StringComparison.Ordinal);
        var clock = Stopwatch.StartNew();
        manager.WaitFor(m => m == "WATCHDOG=1", vigil);
        manager.WaitFor(m => m == "WATCHDOG=1", vigil);
        output.WriteLine($"two watchdog pets {clock.Elapsed.TotalMilliseconds:F0} ms after READY (WatchdogSec 400 ms: a pet every 200 ms)");
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(20), () => VigilRunNetnsTests.HasVip(a), "alone, the node should become master", vigil);

        vigil.Terminate();
        string stopping = manager.WaitFor(m => m.Contains("STOPPING=1", StringComparison.Ordinal), vigil);
        Assert.Contains("STATUS=stopping", stopping, StringComparison.Ordinal);
        Assert.Equal(0, vigil.WaitForExit(TimeSpan.FromSeconds(20)));
        // Journal style: priority prefix, no timestamp (the journal adds its own).
        Assert.Contains("<6>vigil: starting 1 vrrp_instance(s)", vigil.StandardError, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\d{4}-\d\d-\d\dT", vigil.StandardError);
        output.WriteLine(vigil.StandardError);
    }

    /// <summary>The service manager's end of $NOTIFY_SOCKET: a bound AF_UNIX datagram socket.</summary>
    internal sealed class FakeServiceManager : IDisposable
    {
        private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        private readonly List<string> _received = [];

        public FakeServiceManager(string path)
        {
            Path = path;
            _socket.Bind(new UnixDomainSocketEndPoint(path));
            _socket.ReceiveTimeout = 200;
        }

        public string Path { get; }

        /// <summary>Every message received so far, in order.</summary>
        public IReadOnlyList<string> Received => _received;

        /// <summary>Receives until a message satisfies <paramref name="match"/> (within 20 s) and returns it; fails with the daemon's log otherwise.</summary>
        public string WaitFor(Func<string, bool> match, VigilProcess process)
        {
            byte[] buffer = new byte[4096];
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < TimeSpan.FromSeconds(20))
            {
                try
                {
                    int length = _socket.Receive(buffer);
                    string message = Encoding.UTF8.GetString(buffer, 0, length);
                    _received.Add(message);
                    if (match(message))
                    {
                        return message;
                    }
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut)
                {
                }
            }

            Assert.Fail("expected notification not received; got:\n" + string.Join("\n--\n", _received) + "\n--- vigil:\n" + process.StandardError);
            return string.Empty;
        }

        public void Dispose() => _socket.Dispose();
    }
}
