using System.Text;

namespace Vigil.Cli.Logging;

/// <summary>
/// Text written to a stream by a thread of its own: <see cref="Write"/> only copies the UTF-8 bytes into a buffer,
/// the thread writes what has gathered with one write(2). The buffer holds at most <see cref="MaxPending"/> bytes
/// (about 10,000 lines); beyond that a line is dropped and counted, and the count is written once the reader
/// catches up, so a stalled reader (a full pipe to the journal) never stalls the daemon. After a burst the buffers
/// go back to their small size.
/// </summary>
internal sealed class BackgroundWriter : IDisposable
{
    public const int MaxPending = 1 << 20;
    private const int InitialSize = 16 * 1024;

    private readonly Stream _stream;
    private readonly Func<long, string> _droppedNotice;
    private readonly object _gate = new();
    private readonly Thread _thread;
    private byte[] _pending = new byte[InitialSize];
    private byte[] _spare = new byte[InitialSize];
    private int _length;
    private long _dropped;
    private bool _closing;

    /// <param name="droppedNotice">the line(s) reporting that many dropped lines, ending in '\n'.</param>
    public BackgroundWriter(Stream stream, Func<long, string> droppedNotice, string threadName)
    {
        _stream = stream;
        _droppedNotice = droppedNotice;
        _thread = new Thread(Run) { IsBackground = true, Name = threadName };
        _thread.Start();
    }

    public void Write(StringBuilder text)
    {
        if (text.Length == 0)
        {
            return;
        }

        lock (_gate)
        {
            int needed = 0;
            foreach (ReadOnlyMemory<char> chunk in text.GetChunks())
            {
                needed += Encoding.UTF8.GetByteCount(chunk.Span);
            }

            if (_length + needed > MaxPending || _closing)
            {
                _dropped++;
                return;
            }

            if (_length + needed > _pending.Length)
            {
                Array.Resize(ref _pending, Math.Min(MaxPending, Math.Max(_pending.Length * 2, _length + needed)));
            }

            foreach (ReadOnlyMemory<char> chunk in text.GetChunks())
            {
                _length += Encoding.UTF8.GetBytes(chunk.Span, _pending.AsSpan(_length));
            }

            if (_length == needed)
            {
                Monitor.Pulse(_gate); // the writer sleeps only while nothing is pending
            }
        }
    }

    /// <summary>Writes what is pending (waiting up to 2 s for a stalled reader), then stops the thread.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _closing = true;
            Monitor.Pulse(_gate);
        }

        _thread.Join(TimeSpan.FromSeconds(2));
    }

    private void Run()
    {
        while (true)
        {
            byte[] batch;
            int length;
            long dropped;
            lock (_gate)
            {
                while (_length == 0 && _dropped == 0 && !_closing)
                {
                    Monitor.Wait(_gate);
                }

                if (_length == 0 && _dropped == 0)
                {
                    return;
                }

                (batch, length, dropped) = (_pending, _length, _dropped);
                (_pending, _length, _dropped) = (_spare, 0, 0);
            }

            try
            {
                _stream.Write(batch, 0, length);
                if (dropped > 0)
                {
                    _stream.Write(Encoding.UTF8.GetBytes(_droppedNotice(dropped)));
                }

                _stream.Flush();
            }
            catch (IOException)
            {
                // stderr closed or broken: nothing left to log to
            }

            lock (_gate)
            {
                _spare = batch.Length > InitialSize ? new byte[InitialSize] : batch;
            }
        }
    }
}
