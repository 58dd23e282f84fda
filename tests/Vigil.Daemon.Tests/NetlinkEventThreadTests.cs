using Vigil.Daemon.Linux;
using Vigil.Linux;
using Vigil.Linux.Netlink;

namespace Vigil.Daemon.Tests;

/// <summary>
/// A netlink reader's thread outlives a failed read and a failed handling: an exception ending it would end the
/// daemon (an unhandled exception on any thread ends a .NET process), and with it the VIPs it holds.
/// </summary>
public sealed class NetlinkEventThreadTests
{
    [Fact]
    public void ReadFailsThenHandlingFails_BothReported_LaterEventsStillHandled()
    {
        var monitor = new ScriptedMonitor(
            () => throw new SyscallException(5, "recvmsg(NETLINK_ROUTE)"),
            () => ["overrun", "added"],
            () => ["removed"]);
        var handled = new List<string>();
        var failures = new List<string>();

        using (new NetlinkEventThread<string>(monitor, "vigil test", e =>
        {
            if (e == "overrun")
            {
                throw new SyscallException(105, "RTM_GETADDR"); // the re-read after an overrun failed
            }

            handled.Add(e);
        }, (reader, failure) => failures.Add($"{reader}: {failure.Operation}")))
        {
            Assert.True(monitor.Finished.Wait(TimeSpan.FromSeconds(30)), "the reader stopped reading after a failure");
        }

        Assert.Equal(["added", "removed"], handled);
        Assert.Equal(["vigil test: recvmsg(NETLINK_ROUTE)", "vigil test: RTM_GETADDR"], failures);
    }

    /// <summary>Each Wait is ready while reads are scripted; after the last one it waits for Wake (the dispose).</summary>
    private sealed class ScriptedMonitor(params Func<string[]>[] reads) : INetlinkMonitor<string>
    {
        private readonly Queue<Func<string[]>> _reads = new(reads);
        private readonly ManualResetEventSlim _woken = new();

        /// <summary>Set once every scripted read is done and its events handled (the thread waits again).</summary>
        public ManualResetEventSlim Finished { get; } = new();

        public WaitOutcome Wait(int timeoutMilliseconds)
        {
            lock (_reads)
            {
                if (_reads.Count > 0)
                {
                    return WaitOutcome.Ready;
                }
            }

            Finished.Set();
            _woken.Wait();
            return WaitOutcome.Woken;
        }

        public void Wake() => _woken.Set();

        public int ReadEvents(ICollection<string> events)
        {
            Func<string[]> read;
            lock (_reads)
            {
                read = _reads.Dequeue();
            }

            string[] batch = read();
            foreach (string e in batch)
            {
                events.Add(e);
            }

            return batch.Length;
        }
    }
}
