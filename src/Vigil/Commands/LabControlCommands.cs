using System.CommandLine;
using System.Net.Sockets;
using System.Text.Json;
using Vigil.Cli.Lab;
using Vigil.Lab.Control;

namespace Vigil.Cli;

/// <summary>
/// <c>vigil lab kill-master|stop-nginx [lb1|lb2]|break-nginx [NODE]|cut-link [NODE]|restore|status [--json]|quit [--prefix P]</c>:
/// drive a `vigil lab` running in another terminal through its socket (/run/PREFIX/lab.sock, root
/// only). An action answers once it is done (the VIP moves afterwards, as the status shows); the
/// keys of the live view call the same actions. Exit 0 on success, 1 when no lab answers or it refuses.
/// </summary>
internal static class LabControlCommands
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(120);

    public static IEnumerable<Command> Create()
    {
        foreach (LabAction action in LabActions.All)
        {
            yield return ActionCommand(action);
        }

        var json = new Option<bool>("--json") { Description = "print the status as JSON" };
        Option<string> prefix = Prefix();
        var status = new Command(LabProtocol.Status, "Show the running lab: node states and priorities, VIP holder, client success rate, last outage.") { json, prefix };
        status.SetAction((parse, cancellationToken) => RequestAsync(new LabRequest(LabProtocol.Status), parse.GetValue(prefix)!, parse.GetValue(json), parse, cancellationToken));
        yield return status;

        Option<string> quitPrefix = Prefix();
        var quit = new Command(LabProtocol.Quit, "Stop the running lab (it removes everything it created).") { quitPrefix };
        quit.SetAction((parse, cancellationToken) => RequestAsync(new LabRequest(LabProtocol.Quit), parse.GetValue(quitPrefix)!, json: false, parse, cancellationToken));
        yield return quit;
    }

    private static Command ActionCommand(LabAction action)
    {
        Option<string> prefix = Prefix();
        var command = new Command(action.Name, $"In the running lab: {action.Help} (key '{action.Key}' in its live view).") { prefix };
        Argument<string?>? node = null;
        if (action.TakesNode)
        {
            node = new Argument<string?>("node") { Description = "lb1 or lb2 (default: the current master)", Arity = ArgumentArity.ZeroOrOne };
            node.AcceptOnlyFromAmong([.. LabActions.Nodes]);
            command.Arguments.Add(node);
        }

        command.SetAction((parse, cancellationToken) => RequestAsync(
            new LabRequest(action.Name, node is null ? null : parse.GetValue(node)), parse.GetValue(prefix)!, json: false, parse, cancellationToken));
        return command;
    }

    private static Option<string> Prefix() => LabCommand.PrefixOption("the running lab's --prefix (its socket is /run/PREFIX/lab.sock)");

    private static async Task<int> RequestAsync(LabRequest request, string prefix, bool json, ParseResult parse, CancellationToken cancellationToken)
    {
        TextWriter output = parse.InvocationConfiguration.Output;
        TextWriter error = parse.InvocationConfiguration.Error;
        string socket = LabProtocol.SocketPath(prefix);
        LabResponse response;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(s_timeout);
            try
            {
                response = await LabControlClient.RequestAsync(socket, request, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or IOException or JsonException or OperationCanceledException or UnauthorizedAccessException)
            {
                error.WriteLine($"vigil lab {request.Op}: {LabControlClient.DescribeFailure(socket, prefix, e)}");
                return 1;
            }
        }

        if (!response.Ok)
        {
            error.WriteLine($"vigil lab {request.Op}: {response.Error}");
            return 1;
        }

        if (json && response.Status is { } status)
        {
            output.WriteLine(JsonSerializer.Serialize(status, LabStatusJson.Indented.LabStatusReport));
            return 0;
        }

        if (response.Message is { } message)
        {
            output.WriteLine(message);
        }

        if (response.Status is { } report)
        {
            output.Write(LabView.Table(report));
        }

        return 0;
    }
}
