using System.Net.Sockets;

namespace Vigil.Daemon.Lvs.Checkers;

/// <summary>One check of one checker (a TCP connect, an HTTP GET, …): the verdict of this attempt only; retries are <see cref="CheckerRetry"/>'s.</summary>
internal interface IHealthProbe
{
    /// <summary>What the checker is and where it checks, for logs ("TCP_CHECK 192.0.2.11:80").</summary>
    string Name { get; }

    ValueTask<ProbeResult> ProbeAsync(CancellationToken stopping);
}

/// <summary>An attempt's outcome: up or not, why (for the log line when the verdict changes the table), and the weight a misc_dynamic script set (null: the configured one).</summary>
internal readonly record struct ProbeResult(bool Up, string Detail, int? Weight = null)
{
    public static ProbeResult Success(string detail) => new(true, detail);

    public static ProbeResult Failure(string detail) => new(false, detail);
}

/// <summary>Opens the checkers' sockets (tests: inside a lab namespace, so real servers there are checked for real).</summary>
internal delegate Socket CheckSocketFactory(AddressFamily family, SocketType type, ProtocolType protocol);
