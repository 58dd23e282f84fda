using System.CommandLine;
using System.Net.Sockets;
using System.Text.Json;
using Vigil.Daemon.Control;

namespace Vigil.Cli;

/// <summary>
/// <c>vigil reload [--socket PATH]</c>: asks the running daemon over its control socket to re-read
/// its configuration (the same as SIGHUP). Root only: the daemon checks the caller's credentials.
/// Exit 0 when the daemon accepted the request, 1 otherwise.
/// </summary>
internal static class ReloadCommand
{
    public static Command Create()
    {
        var socket = new Option<string>("--socket") { Description = $"control socket (default {ControlClient.DefaultSocketPath})", DefaultValueFactory = _ => ControlClient.DefaultSocketPath };
        var command = new Command("reload", "Ask the running daemon to re-read its configuration (as SIGHUP does); root only.") { socket };
        command.SetAction(async (parse, cancellationToken) =>
        {
            string path = parse.GetValue(socket) ?? ControlClient.DefaultSocketPath;
            TextWriter error = parse.InvocationConfiguration.Error;
            try
            {
                ControlResponse response = await ControlClient.RequestAsync(path, ControlProtocol.Reload, cancellationToken).ConfigureAwait(false);
                if (!response.Ok)
                {
                    error.WriteLine($"vigil reload: {response.Error}");
                    return 1;
                }

                parse.InvocationConfiguration.Output.WriteLine(response.Message);
                return 0;
            }
            catch (Exception e) when (e is SocketException or IOException or JsonException)
            {
                error.WriteLine($"vigil reload: cannot reach the daemon at {path}: {ControlClient.DescribeFailure(path, e)}");
                return 1;
            }
        });
        return command;
    }
}
