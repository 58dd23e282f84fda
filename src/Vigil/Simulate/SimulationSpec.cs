using System.Globalization;

namespace Vigil.Cli.Simulate;

/// <summary>An operator event of <c>vigil simulate</c>: what happens to which nodes, when (and until when).</summary>
internal sealed record ScheduledFault(string Kind, IReadOnlyList<string> Nodes, TimeSpan At, TimeSpan? Until = null)
{
    public override string ToString() => Until is { } until
        ? $"{Kind} {string.Join(",", Nodes)} from {SimulationSpec.Format(At)} to {SimulationSpec.Format(until)}"
        : $"{Kind} {string.Join(",", Nodes)}";
}

/// <summary>Parses the small languages of the simulate options: durations and NODE@T / A,B@T-T2.</summary>
internal static class SimulationSpec
{
    /// <summary>"30s", "1.5s", "500ms", "2m", "1h" or a bare number of seconds.</summary>
    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = default;
        text = text.Trim();
        (string number, double scale) = text switch
        {
            _ when text.EndsWith("ms", StringComparison.Ordinal) => (text[..^2], 0.001),
            _ when text.EndsWith('s') => (text[..^1], 1),
            _ when text.EndsWith('m') => (text[..^1], 60),
            _ when text.EndsWith('h') => (text[..^1], 3600),
            _ => (text, 1),
        };
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double value) || value < 0 || value > 1e7)
        {
            return false;
        }

        duration = TimeSpan.FromMicroseconds(Math.Round(value * scale * 1e6));
        return true;
    }

    /// <summary>Parses "NODE@T" (or "A,B@T-T2" when <paramref name="range"/>); returns an error text or null.</summary>
    public static string? TryParse(string kind, string text, bool range, out ScheduledFault? fault)
    {
        fault = null;
        int at = text.LastIndexOf('@');
        string example = range ? "A,B@10s-20s" : "master.conf@10s";
        if (at <= 0 || at == text.Length - 1)
        {
            return $"--{kind} {text}: expected NODE@TIME, e.g. --{kind} {example}";
        }

        string[] nodes = text[..at].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        string when = text[(at + 1)..];
        TimeSpan? until = null;
        if (range)
        {
            int dash = when.IndexOf('-', StringComparison.Ordinal);
            if (dash <= 0 || !TryParseDuration(when[(dash + 1)..], out TimeSpan end))
            {
                return $"--{kind} {text}: expected NODES@START-END, e.g. --{kind} {example}";
            }

            until = end;
            when = when[..dash];
        }

        if (!TryParseDuration(when, out TimeSpan start))
        {
            return $"--{kind} {text}: '{when}' is not a time; use e.g. 10s, 1.5s or 500ms";
        }

        if (until is { } u && u <= start)
        {
            return $"--{kind} {text}: the end must come after the start";
        }

        fault = new ScheduledFault(kind, nodes, start, until);
        return null;
    }

    public static string Format(TimeSpan time) => time.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture) + "s";
}
