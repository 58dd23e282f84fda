namespace Vigil.Linux.Checking;

/// <summary>
/// The connects and echoes in flight of one checker thread (<see cref="TcpConnectPoller"/>); a seam so the engine's
/// ordering of completions and timeouts can be tested with a scripted poller and clock.
/// </summary>
public interface IConnectPoller : IDisposable
{
    /// <inheritdoc cref="TcpConnectPoller.Begin"/>
    int Begin(ReadOnlySpan<byte> address, in ConnectSource source, int token, out ConnectStart start);

    /// <inheritdoc cref="TcpConnectPoller.BeginEcho"/>
    int BeginEcho(ReadOnlySpan<byte> address, int token);

    /// <inheritdoc cref="TcpConnectPoller.Abort"/>
    void Abort(int fd);

    /// <inheritdoc cref="TcpConnectPoller.Wait"/>
    int Wait(int timeoutMs, Span<(int Token, int Fd, int Error)> done);

    /// <inheritdoc cref="TcpConnectPoller.Wake"/>
    void Wake();
}
