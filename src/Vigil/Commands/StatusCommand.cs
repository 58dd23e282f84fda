using System.CommandLine;
using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;
using Vigil.Cli.Status;
using Vigil.Daemon.Control;
using Vigil.Daemon.Status;

namespace Vigil.Cli;

/// <summary>
/// <c>vigil status [--json] [--watch [--interval S] [--count N]] [--socket PATH]</c>: asks the running
/// daemon over its control socket and prints a table (or the JSON snapshot). Exit 0 on an answer,
/// 1 when the daemon cannot be reached or refuses.
/// </summary>
internal static class StatusCommand
{
    /// <summary>ANSI: cursor to the top-left corner, erase the screen (each frame replaces the previous one, no scrolling).</summary>
    internal const string WatchFrameStart = "\u001b[H\u001b[2J";

    private const int MaxWatchCount = 1_000_000; // --watch is bounded even without --count (about 11 days at 1 s)

    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "print the snapshot as JSON (counters and the last 100 transitions included)" };
        var watch = new Option<bool>("--watch", "-w") { Description = "refresh until Ctrl-C" };
        var interval = new Option<double>("--interval") { Description = "seconds between refreshes with --watch (default 1)", DefaultValueFactory = _ => 1 };
        var count = new Option<int?>("--count") { Description = "with --watch: stop after N refreshes" };
        var socket = new Option<string>("--socket") { Description = $"control socket (default {ControlClient.DefaultSocketPath})", DefaultValueFactory = _ => ControlClient.DefaultSocketPath };

        var command = new Command("status", "Show the running daemon's instances: state, priorities, master, VIPs, trackers, time in state, last reason.")
        {
            json, watch, interval, count, socket,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(socket) ?? ControlClient.DefaultSocketPath,
            parse.GetValue(json),
            parse.GetValue(watch) ? Math.Clamp(parse.GetValue(count) ?? MaxWatchCount, 1, MaxWatchCount) : 1,
            TimeSpan.FromSeconds(Math.Clamp(parse.GetValue(interval), 0.1, 3600)),
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error,
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string socketPath, bool json, int rounds, TimeSpan interval, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        for (int round = 0; round < rounds; round++)
        {
            if (round > 0)
            {
                try
                {
                    await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return 0; // Ctrl-C ends --watch normally
                }
            }

            ControlResponse response;
            try
            {
                response = await ControlClient.RequestAsync(socketPath, ControlProtocol.Status, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return 0;
            }
            catch (Exception e) when (e is SocketException or IOException or JsonException)
            {
                error.WriteLine($"vigil status: cannot reach the daemon at {socketPath}: {ControlClient.DescribeFailure(socketPath, e)}. Is 'vigil run' running, and are you root or in its --control-group? (--socket PATH for another runtime directory)");
                return 1;
            }

            if (!response.Ok || response.Status is not DaemonStatus status)
            {
                error.WriteLine($"vigil status: {response.Error ?? "no status in the answer"}");
                return 1;
            }

            if (rounds > 1)
            {
                // --watch redraws in place: cursor home and clear the screen, then the new frame.
                output.Write(WatchFrameStart);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"--- {status.TakenAt:yyyy-MM-dd HH:mm:ss}Z (refresh every {interval.TotalSeconds:0.#}s, Ctrl-C to stop)"));
            }

            output.Write(json ? JsonSerializer.Serialize(status, StatusJson.Indented.DaemonStatus) + "\n" : StatusTable.Format(status));

            output.Flush();
        }

        return 0;
    }
}
