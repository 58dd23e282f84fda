using System.Net.Sockets;
using System.Text.Json;
using Vigil.Daemon.Control;

namespace Vigil.Lab.Control;

/// <summary>The client side of a running lab's socket (`vigil lab ACTION|status|quit` and tests), over the transport `vigil status` uses.</summary>
public static class LabControlClient
{
    /// <summary>Sends one request and reads its answer; throws <see cref="SocketException"/> / <see cref="IOException"/> when no lab answers.</summary>
    public static async Task<LabResponse> RequestAsync(string socketPath, LabRequest request, CancellationToken cancellationToken)
    {
        byte[] line = JsonSerializer.SerializeToUtf8Bytes(request, LabJson.Default.LabRequest);
        ArraySegment<byte> answer = await ControlClient.ExchangeLineAsync(socketPath, line, cancellationToken).ConfigureAwait(false);
        return JsonSerializer.Deserialize(answer, LabJson.Default.LabResponse) ?? throw new IOException("empty answer from the lab");
    }

    /// <summary>Why no lab answered, in words that say what to do.</summary>
    public static string DescribeFailure(string socketPath, string prefix, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        string start = prefix == SeedLabOptions.InteractivePrefix ? "sudo ./vigil lab" : $"sudo ./vigil lab --prefix {prefix}";
        if (!Environment.IsPrivilegedProcess)
        {
            return $"the lab's socket {socketPath} is root only: run this with sudo";
        }

        return exception is SocketException { SocketErrorCode: SocketError.ConnectionRefused } || !File.Exists(socketPath)
            ? $"no lab is running with prefix {prefix} (nothing answers on {socketPath}); start one in another terminal with: {start}"
            : $"the lab at {socketPath} did not answer: {exception.Message}";
    }
}
