using System.Diagnostics;
using Vigil.Linux.Processes;

namespace Vigil.Linux.Tests.Processes;

/// <summary>
/// The proc connector from the test's own network namespace (no netns: the host's initial one when the
/// tests run on a host). Skipped, with the kernel's answer, where the subscription is refused.
/// </summary>
public sealed class ProcConnectorTests
{
    [SkippableFact]
    public void Open_InInitialNamespace_HearsTheExitOfAProcessTheTestStarts()
    {
        ProcConnector connector;
        try
        {
            connector = ProcConnector.Open();
        }
        catch (SyscallException e)
        {
            Skip.If(true, $"proc connector refused in this network namespace ({new FileInfo("/proc/self/ns/net").LinkTarget}): {e.Message}");
            return;
        }

        using (connector)
        {
            Process child = Process.Start("/bin/true");
            child.WaitForExit();
            var events = new List<ProcEvent>();
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < TimeSpan.FromSeconds(10) && !events.Any(e => e.Kind == ProcEventKind.Exit && e.Pid == child.Id))
            {
                if (connector.Wait(1000) == WaitOutcome.Ready)
                {
                    connector.ReadEvents(events);
                }
            }

            Assert.Contains(events, e => e.Kind == ProcEventKind.Exit && e.Pid == child.Id);
        }
    }
}
