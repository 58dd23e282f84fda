using Vigil.Core.Notify;

namespace Vigil.Core.Tests.Notify;

public class NotifyQueueTests
{
    [Fact]
    public void Enqueue_WhileOneRuns_WaitsAndCompletesInTransitionOrder()
    {
        var queue = new NotifyQueue<string>();
        Assert.True(queue.Enqueue("VI_1", "BACKUP", out string first));
        Assert.Equal("BACKUP", first);
        Assert.False(queue.Enqueue("VI_1", "MASTER", out _));
        Assert.False(queue.Enqueue("VI_1", "FAULT", out _));
        Assert.True(queue.Completed("VI_1", out string second));
        Assert.Equal("MASTER", second);
        Assert.True(queue.Completed("VI_1", out string third));
        Assert.Equal("FAULT", third);
        Assert.False(queue.Completed("VI_1", out _));
        Assert.True(queue.Enqueue("VI_1", "BACKUP", out _));
    }

    [Fact]
    public void Enqueue_OtherInstance_DoesNotWait()
    {
        var queue = new NotifyQueue<string>();
        queue.Enqueue("VI_1", "MASTER", out _);
        Assert.True(queue.Enqueue("VI_2", "MASTER", out _));
    }
}
