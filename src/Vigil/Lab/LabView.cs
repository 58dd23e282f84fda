using System.Globalization;
using System.Text;
using Vigil.Lab;
using Vigil.Lab.Http;

namespace Vigil.Cli.Lab;

/// <summary>
/// The live terminal view of `vigil lab`: each load balancer's state, priority, VIP, nginx and
/// link; the client's success rate over the last refresh and its last outage; the keys; recent
/// events. Redrawn in place (ANSI home + clear) when stdout is a terminal, else one line per refresh.
/// </summary>
internal sealed class LabView
{
    public const string Keys = "[k] kill the master (power off)  [s] stop nginx on the master  [b] break nginx on the master  [c] cut the master's link  [r] restore all  [q] quit";

    private readonly TextWriter _output;
    private readonly bool _terminal;
    private readonly List<string> _events = [];
    private ClientSnapshot? _previous;

    public LabView(TextWriter output, bool terminal)
    {
        _output = output;
        _terminal = terminal;
    }

    public void Event(string text)
    {
        lock (_events)
        {
            _events.Add($"{DateTime.UtcNow:HH:mm:ss} {text}");
            if (_events.Count > 8)
            {
                _events.RemoveAt(0);
            }
        }

        if (!_terminal)
        {
            _output.WriteLine(text);
        }
    }

    public void Render(SeedLab lab, ClientSnapshot client, string? busy)
    {
        ClientSnapshot recent = _previous is null ? client : client.Since(_previous);
        _previous = client;
        IReadOnlyList<NodeStatus> nodes = lab.Status();
        string rate = recent.Sent == 0 ? "no requests" : string.Create(CultureInfo.InvariantCulture,
            $"{100.0 * recent.Succeeded / recent.Sent:F1}% ok of {recent.Sent / Math.Max(0.001, recent.ElapsedMs / 1000):F0} req/s ({string.Join(", ", recent.AnsweredBy.Where(p => p.Value > 0).OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value}"))})");
        string outage = client.OpenOutageStartMs is { } open
            ? string.Create(CultureInfo.InvariantCulture, $"NOW: requests failing for {client.ElapsedMs - open:F0} ms")
            : client.LastOutage is { } last
                ? string.Create(CultureInfo.InvariantCulture, $"last outage {last.DurationMs:F0} ms ({last.FailedRequests} requests failed), {(client.ElapsedMs - last.EndMs) / 1000:F0} s ago")
                : "no outage yet";
        if (!_terminal)
        {
            _output.WriteLine(string.Join("  ", nodes.Select(n => $"{n.Name}={n.State}/{n.Priority?.ToString(CultureInfo.InvariantCulture) ?? "-"}{(n.HoldsVip ? "*VIP" : "")}")) + $"  client: {rate}; {outage}");
            return;
        }

        var screen = new StringBuilder("\x1b[H\x1b[2J");
        screen.AppendLine($"vigil lab: the seed's nginx pair (examples/seed, {lab.Options.Timing} timing{(lab.Options.Nopreempt ? ", nopreempt" : "")}), VIP {SeedLab.Vip}   {DateTime.UtcNow:HH:mm:ss} UTC");
        if (!lab.UsesNginx)
        {
            screen.AppendLine("nginx not used (not installed, or --no-nginx): the load balancers answer with a built-in responder, and the nginx check fails on both alike");
        }

        screen.AppendLine();
        screen.AppendLine("  node  state       priority  VIP   nginx                    link");
        foreach (NodeStatus node in nodes)
        {
            screen.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"  {node.Name,-4}  {node.State,-10}  {node.Priority?.ToString(CultureInfo.InvariantCulture) ?? "-",8}  {(node.HoldsVip ? "yes" : ""),-4}  {node.Proxy,-23}  {(node.LinkUp ? "up" : "CUT")}"));
        }

        screen.AppendLine();
        screen.AppendLine($"client 192.0.2.100 -> http://{SeedLab.Vip}/: {rate}");
        screen.AppendLine(string.Create(CultureInfo.InvariantCulture, $"  total {client.Sent} sent, {client.Failed} failed; {outage}"));
        screen.AppendLine();
        screen.AppendLine(Keys);
        screen.AppendLine(busy is null ? string.Empty : $"working: {busy}…");
        screen.AppendLine();
        lock (_events)
        {
            foreach (string line in _events)
            {
                screen.AppendLine(line);
            }
        }

        _output.Write(screen.ToString());
        _output.Flush();
    }
}
