using System.Buffers;
using System.Net.Sockets;
using System.Threading.Channels;
using Vigil.Core.Protocol;
using Vigil.Daemon.EventLoop;
using Vigil.Linux;
using Vigil.Linux.Timing;
using Vigil.Linux.Vrrp;

namespace Vigil.Daemon.Linux;

/// <summary>
/// One thread per VRRP socket: waits, drains every waiting datagram, and posts each as a
/// <see cref="DaemonEvent"/> in a pooled buffer (allocation-free in steady state). Socket-level
/// drops (truncated, malformed IP header, missing control data) are counted here.
/// </summary>
public sealed class SocketPacketReader : IDisposable
{
    private readonly VrrpSocket _socket;
    private readonly ChannelWriter<DaemonEvent> _events;
    private readonly IpFamily _family;
    private readonly Thread _thread;
    private readonly int? _realtimePriority;
    private volatile bool _stopping;
    private long _socketDrops;

    /// <param name="realtimePriority">SCHED_RR priority for the reader thread, or null to stay SCHED_OTHER.</param>
    public SocketPacketReader(VrrpSocket socket, ChannelWriter<DaemonEvent> events, int? realtimePriority = null)
    {
        _socket = socket;
        _events = events;
        _realtimePriority = realtimePriority;
        _family = socket.Family == AddressFamily.InterNetwork ? IpFamily.IPv4 : IpFamily.IPv6;
        _thread = new Thread(Run) { IsBackground = true, Name = "vigil vrrp rx " + socket.InterfaceIndex };
        _thread.Start();
    }

    /// <summary>Datagrams dropped before reaching the loop (see <see cref="ReceiveStatus"/>).</summary>
    public long SocketDrops => Interlocked.Read(ref _socketDrops);

    public void Dispose()
    {
        _stopping = true;
        _socket.Wake();
        _thread.Join();
    }

    private void Run()
    {
        if (_realtimePriority is { } priority)
        {
            RealtimeScheduling.TryEnableForCurrentThread(priority); // probed by the daemon; a refusal was logged there
        }

        while (!_stopping)
        {
            if (_socket.Wait(-1) != WaitOutcome.Ready)
            {
                continue;
            }

            while (true)
            {
                ReceiveStatus status = _socket.TryReceive(out VrrpDatagram datagram);
                if (status == ReceiveStatus.NothingPending)
                {
                    break;
                }

                if (status != ReceiveStatus.Received)
                {
                    Interlocked.Increment(ref _socketDrops);
                    continue;
                }

                byte[] buffer = ArrayPool<byte>.Shared.Rent(datagram.Payload.Length);
                datagram.Payload.CopyTo(buffer);
                var envelope = new PacketEnvelope(
                    NetAddress.Read(_family, datagram.Source),
                    NetAddress.Read(_family, datagram.Destination),
                    datagram.HopLimit);
                var packet = new ReceivedPacket(buffer, datagram.Payload.Length, envelope, datagram.InterfaceIndex);
                if (!_events.TryWrite(DaemonEvent.Received(packet)))
                {
                    ArrayPool<byte>.Shared.Return(buffer); // the loop has stopped
                }
            }
        }
    }
}
