using System.Diagnostics.CodeAnalysis;
using System.Threading.Channels;
using Vigil.Daemon.EventLoop;
using Vigil.Daemon.Linux;

namespace Vigil.Daemon.Tests;

public sealed class TimerfdDeadlineSchedulerTests
{
    /// <summary>Records which thread wrote each event: the loop's continuation runs on that thread.</summary>
    private sealed class ThreadRecordingWriter : ChannelWriter<DaemonEvent>
    {
        public BlockingCollectionOfWrites Writes { get; } = new();

        public override bool TryWrite(DaemonEvent item)
        {
            Writes.Add((item.Kind, Thread.CurrentThread.Name));
            return true;
        }

        public override ValueTask<bool> WaitToWriteAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(true);
    }

    [SuppressMessage("Design", "CA1812", Justification = "instantiated above")]
    private sealed class BlockingCollectionOfWrites : System.Collections.Concurrent.BlockingCollection<(DaemonEventKind Kind, string? Thread)>;

    [Fact]
    public void Post_StopFromAnotherThread_IsWrittenByTheDeadlineThread()
    {
        var writer = new ThreadRecordingWriter();
        using var scheduler = new TimerfdDeadlineScheduler(writer, () => TimeSpan.Zero);

        scheduler.Post(DaemonEvent.StopRequested);

        Assert.True(writer.Writes.TryTake(out var write, TimeSpan.FromSeconds(10)), "the posted event never arrived");
        Assert.Equal(DaemonEventKind.Stop, write.Kind);
        Assert.Equal("vigil deadline", write.Thread);
    }

    [Fact]
    public void RunAfterNextDeadline_RunsOnceOnTheDeadlineThread_AfterTheDeadlineWasWritten()
    {
        var writer = new ThreadRecordingWriter();
        using var scheduler = new TimerfdDeadlineScheduler(writer, () => TimeSpan.Zero);
        using var ran = new System.Collections.Concurrent.BlockingCollection<(string? Thread, int WritesBefore)>();

        scheduler.RunAfterNextDeadline(() => ran.Add((Thread.CurrentThread.Name, writer.Writes.Count)));
        scheduler.Schedule(TimeSpan.Zero);
        Assert.True(ran.TryTake(out var run, TimeSpan.FromSeconds(10)), "the work never ran");
        scheduler.Schedule(TimeSpan.Zero);
        Assert.True(writer.Writes.TryTake(out _, TimeSpan.FromSeconds(10)));
        Assert.True(writer.Writes.TryTake(out _, TimeSpan.FromSeconds(10)), "the second deadline never fired");

        Assert.Equal("vigil deadline", run.Thread);
        Assert.Equal(1, run.WritesBefore);
        Assert.Empty(ran);
    }
}
