using Vigil.Linux.Tests.Netns;

namespace Vigil.Linux.Tests.Integration;

/// <summary>The capture the spacing tests (garp_group, GARP pacing) measure with: a frame's stamp is its arrival, not its read.</summary>
public sealed class FrameCaptureNetnsTests
{
    [SkippableFact]
    public void WaitForStamped_FirstFrameReadLate_StampedWhenItArrived()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("fcap");
        (LabNode a, LabNode b) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        using FrameCapture capture = b.InNamespace(() => FrameCapture.Open(0x0806));

        _ = a.TryExec("ping", "-c", "1", "-W", "1", "192.0.2.2"); // b receives a's ARP request
        Thread.Sleep(300); // the test thread comes late to its first frame
        TimeSpan readAt = DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch;
        (byte[] Frame, TimeSpan ReceivedAt)? first = capture.WaitForStamped(_ => true, TimeSpan.FromSeconds(5));

        Assert.NotNull(first);
        Assert.True(readAt - first.Value.ReceivedAt > TimeSpan.FromMilliseconds(200),
            $"stamped {(readAt - first.Value.ReceivedAt).TotalMilliseconds:F1} ms before the read: the stamp is the read's time, not the arrival's");
    }
}
