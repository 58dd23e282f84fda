using System.Globalization;
using System.Text;
using Vigil.Lab;
using Vigil.Lab.Control;

namespace Vigil.Cli.Lab;

/// <summary>
/// The live terminal view of `vigil lab`, drawn from the same <see cref="LabStatusReport"/> that
/// `vigil lab status` prints: each load balancer's state, priorities, master and last transition
/// (from its control socket), VIP, nginx and link; the client's recent success rate and last
/// outage; the keys; recent events. Redrawn in place (ANSI home + clear) when stdout is a terminal,
/// else one line per refresh.
/// </summary>
internal sealed class LabView
{
    public static readonly string Keys = string.Join("  ", LabActions.All.Select(a => $"[{a.Key}] {a.Name}")) + "  [q] quit";

    private readonly TextWriter _output;
    private readonly bool _terminal;

    public LabView(TextWriter output, bool terminal)
    {
        _output = output;
        _terminal = terminal;
    }

    /// <summary>An event, printed at once when stdout is not a terminal (a terminal shows the recent ones in the view).</summary>
    public void Event(string text)
    {
        if (!_terminal)
        {
            _output.WriteLine(text);
        }
    }

    public void Render(LabStatusReport report)
    {
        if (!_terminal)
        {
            _output.WriteLine(OneLine(report));
            return;
        }

        var screen = new StringBuilder("\x1b[H\x1b[2J");
        screen.AppendLine($"vigil lab: the seed's nginx pair (examples/seed, {report.Timing} timing{(report.Nopreempt ? ", nopreempt" : "")}), VIP {report.Vip}   {DateTime.UtcNow:HH:mm:ss} UTC");
        if (report.Proxy != "nginx")
        {
            screen.AppendLine("nginx not used (not installed, or --no-nginx): the load balancers answer with a built-in responder, and the nginx check fails on both alike");
        }

        screen.AppendLine();
        screen.Append(Table(report));
        foreach (NodeStatus node in report.Nodes)
        {
            screen.AppendLine($"  {node.Name} log: {Shorten(node.LastLogLine ?? "-", 110)}");
        }

        screen.AppendLine();
        screen.AppendLine(Keys);
        screen.AppendLine($"  (or from another terminal: sudo vigil lab ACTION{(report.Prefix == SeedLabOptions.InteractivePrefix ? "" : " --prefix " + report.Prefix)}, and vigil lab status)");
        screen.AppendLine(report.Busy is null ? string.Empty : $"working: {report.Busy}…");
        screen.AppendLine();
        foreach (string line in report.Events)
        {
            screen.AppendLine(line);
        }

        _output.Write(screen.ToString());
        _output.Flush();
    }

    /// <summary>The node table and the client's lines: the view's middle part, and what `vigil lab status` prints.</summary>
    public static string Table(LabStatusReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        text.AppendLine("  node  state        priority  VIP   master       nginx                    link  last transition");
        foreach (NodeStatus node in report.Nodes)
        {
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"  {node.Name,-4}  {node.State ?? "(" + node.Daemon + ")",-11}  {Priorities(node),8}  {(node.HoldsVip ? "yes" : ""),-4}  {node.Master ?? "-",-11}  {node.Proxy,-23}  {(node.LinkUp ? "up" : "CUT"),-4}  {node.LastTransitionReason ?? "-"}"));
        }

        text.AppendLine("  (state, priority base/effective, master and last transition: each daemon's control socket; VIP: its eth0)");
        text.AppendLine();
        text.AppendLine($"client 192.0.2.100 -> http://{report.Vip}/: {Rate(report.Client)}");
        text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"  total {report.Client.Sent} sent, {report.Client.Failed} failed; {Outage(report.Client)}"));
        return text.ToString();
    }

    /// <summary>"100/80": base/effective priority, or "-" when the daemon does not answer.</summary>
    public static string Priorities(NodeStatus node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node.BasePriority is { } priority ? string.Create(CultureInfo.InvariantCulture, $"{priority}/{node.EffectivePriority}") : "-";
    }

    private static string OneLine(LabStatusReport report) =>
        string.Join("  ", report.Nodes.Select(n => $"{n.Name}={n.State ?? n.Daemon}/{Priorities(n)}{(n.HoldsVip ? "*VIP" : "")}")) + $"  client: {Rate(report.Client)}; {Outage(report.Client)}";

    private static string Rate(LabClientStatus client) => client.SuccessRatePercent is not { } percent
        ? "no requests"
        : string.Create(CultureInfo.InvariantCulture,
            $"{percent:F1}% ok over the last {client.WindowSeconds:F0} s at {client.RequestsPerSecond:F0} req/s ({string.Join(", ", client.AnsweredBy.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value}"))})");

    private static string Outage(LabClientStatus client) => client.OutageOpenMs is { } open
        ? string.Create(CultureInfo.InvariantCulture, $"NOW: requests failing for {open:F0} ms")
        : client.LastOutage is { } last
            ? string.Create(CultureInfo.InvariantCulture, $"last outage {last.DurationMs:F0} ms ({last.FailedRequests} requests failed), {client.LastOutageAgoSeconds:F0} s ago")
            : "no outage yet";

    private static string Shorten(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
