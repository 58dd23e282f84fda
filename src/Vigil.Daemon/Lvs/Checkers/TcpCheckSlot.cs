using System.Net;
using System.Runtime.CompilerServices;
using Vigil.Config.Model;
using Vigil.Linux.Checking;

namespace Vigil.Daemon.Lvs.Checkers;

/// <summary>
/// One TCP_CHECK (or, <see cref="Echo"/>, PING_CHECK) as the engine runs it: where (pre-encoded sockaddr), how long, its
/// retry state and where its verdicts go (<see cref="Verdict"/>, a subclass's: no delegate or closure per check).
/// One object per check, everything inline: 1,000 real servers keep 1,000 of these and nothing else per check.
/// </summary>
internal abstract class TcpCheckSlot
{
    /// <summary><see cref="LastError"/> for a connect that did not complete (or an echo not answered) within connect_timeout.</summary>
    public const int TimedOut = -1;

    private readonly IPAddress _targetAddress;
    private readonly ushort _targetPort;
    private SockaddrBuffer _address;

    /// <summary>keepalived's retry state; a field, not a property: <see cref="CheckerRetry.Record"/> changes it in place.</summary>
    internal CheckerRetry Retry;

    protected TcpCheckSlot(IPEndPoint target, CheckTiming timing, bool echo)
    {
        _targetAddress = target.Address;
        _targetPort = (ushort)target.Port;
        Echo = echo;
        AddressLength = TcpConnectPoller.Encode(target, _address);
        Retry = new CheckerRetry(timing);
    }

    /// <summary>Where the check connects (built on demand: it is only read for log lines).</summary>
    public IPEndPoint Target => new(_targetAddress, _targetPort);

    /// <summary>PING_CHECK: an ICMP/ICMPv6 echo to <see cref="Target"/>'s address instead of a TCP connect.</summary>
    public bool Echo { get; }

    /// <summary>The sockaddr of <see cref="Target"/> (its first <see cref="AddressLength"/> bytes).</summary>
    public ReadOnlySpan<byte> Address => _address;

    public int AddressLength { get; }

    public CheckTiming Timing => Retry.Timing;

    public long TimeoutMs => (long)Timing.ConnectTimeout.TotalMilliseconds;

    public long DelayLoopMs => (long)Timing.DelayLoop.TotalMilliseconds;

    /// <summary>bindto, bind_port, bind_if, fwmark of a TCP_CHECK (null: none; PING_CHECK uses none, as keepalived's).</summary>
    public CheckSource? Source { get; init; }

    /// <summary>The errno of setting <see cref="Source"/> on the last attempt (0: it was set); engine thread.</summary>
    public int SourceError { get; internal set; }

    /// <summary>The errno of the attempt that made the last verdict (0 connected, <see cref="TimedOut"/>).</summary>
    public int LastError { get; set; }

    /// <summary>The engine's index while it runs this slot, else -1 (engine thread only).</summary>
    internal int Id { get; set; } = -1;

    internal int Fd { get; set; } = -1;

    /// <summary>Counts the slot's schedulings: a timer entry of an older one is stale.</summary>
    internal int Generation { get; set; }

    /// <summary>A verdict (<see cref="LastError"/> says why), on the engine's thread.</summary>
    public abstract void Verdict(bool up);

    /// <summary>Called on the engine's thread when <see cref="SourceError"/> changes (the source could not be set, or can again).</summary>
    public virtual void SourceChanged()
    {
    }

    /// <summary>The verdict's reason, for the log line when it changed the table.</summary>
    public string Describe() => Echo ? DescribeEcho() : LastError switch
    {
        0 => $"TCP connection to {Target} succeeded",
        TimedOut => $"TCP_CHECK {Target} failed: no connection within {Timing.ConnectTimeout.TotalSeconds:0.###} s",
        111 => $"TCP_CHECK {Target} failed: connection refused",
        113 or 101 => $"TCP_CHECK {Target} failed: unreachable",
        _ => $"TCP_CHECK {Target} failed: errno {LastError}",
    };

    private string DescribeEcho() => LastError switch
    {
        0 => $"ICMP echo reply from {_targetAddress}",
        TimedOut => $"PING_CHECK {_targetAddress} failed: no echo reply within {Timing.ConnectTimeout.TotalSeconds:0.###} s",
        13 => $"PING_CHECK {_targetAddress} failed: no ICMP socket allowed (net.ipv4.ping_group_range excludes Vigil's group)",
        113 or 101 => $"PING_CHECK {_targetAddress} failed: unreachable",
        _ => $"PING_CHECK {_targetAddress} failed: errno {LastError}",
    };

    /// <summary>A sockaddr_in or sockaddr_in6, inline in the slot (a byte[] of its own would be another object per check).</summary>
    [InlineArray(28)]
    private struct SockaddrBuffer
    {
        private byte _first;
    }
}

/// <summary>A slot whose verdicts go to a callback (tests and benchmarks; the controller's slots override <see cref="TcpCheckSlot.Verdict"/>).</summary>
internal sealed class CallbackTcpCheckSlot(IPEndPoint target, CheckTiming timing, Action<TcpCheckSlot, bool> verdict, bool echo = false)
    : TcpCheckSlot(target, timing, echo)
{
    public override void Verdict(bool up) => verdict(this, up);
}
