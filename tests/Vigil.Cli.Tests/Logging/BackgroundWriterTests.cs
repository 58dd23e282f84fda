using System.Text;
using Vigil.Cli.Logging;

namespace Vigil.Cli.Tests.Logging;

public sealed class BackgroundWriterTests
{
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(30);

    [Fact]
    public void Write_PastMaxPendingWhileTheReaderStalls_DropsLinesAndWritesTheCountOnceItCatchesUp()
    {
        using var stream = new StalledStream();
        var writer = new BackgroundWriter(stream, dropped => $"{dropped} dropped\n", "test log");
        writer.Write(new StringBuilder("first\n"));
        Assert.True(stream.Entered.Wait(s_bound), "the writer thread never wrote"); // it now holds "first" in a stalled write(2)

        string line = new string('x', 1023) + "\n";
        int fitting = BackgroundWriter.MaxPending / line.Length;
        for (int i = 0; i < fitting + 3; i++)
        {
            writer.Write(new StringBuilder(line));
        }

        stream.Release.Set();
        Assert.True(stream.NoticeWritten.Wait(s_bound), "the dropped count was never written");
        writer.Dispose();

        Assert.Equal("first\n" + string.Concat(Enumerable.Repeat(line, fitting)) + "3 dropped\n", Encoding.UTF8.GetString(stream.ToArray()));
    }

    /// <summary>A reader that stalls on the first write until released, like a full pipe to the journal.</summary>
    private sealed class StalledStream : MemoryStream
    {
        public ManualResetEventSlim Entered { get; } = new();

        public ManualResetEventSlim Release { get; } = new();

        public ManualResetEventSlim NoticeWritten { get; } = new();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Entered.Set();
            Release.Wait(s_bound);
            base.Write(buffer.ToArray(), 0, buffer.Length); // not base.Write(span): Stream's calls back into Write(byte[], int, int)
            if (buffer.EndsWith(" dropped\n"u8))
            {
                NoticeWritten.Set();
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                Entered.Dispose();
                Release.Dispose();
                NoticeWritten.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
