using System.Globalization;
using System.Net;
using Vigil.Config.Diagnostics;
using Vigil.Config.Syntax;

namespace Vigil.Config.Binding;

/// <summary>
/// Collects diagnostics while binding and turns argument words into typed values. Every parse helper
/// reports its own error (naming the keyword, the bad word and what to write instead) and returns
/// null, so handlers stay one line and an error never stops the rest of the file from being checked.
/// </summary>
internal sealed class BindContext
{
    private static readonly string[] s_trueWords = ["on", "true", "yes"];
    private static readonly string[] s_falseWords = ["off", "false", "no"];

    /// <summary>How many diagnostics are listed; past it one "too-many-diagnostics" error ends the list (a file of garbage is not worth a gigabyte of messages).</summary>
    public const int DiagnosticLimit = 1000;

    public List<Diagnostic> Diagnostics { get; } = [];

    /// <summary>References to undefined blocks, by the block keyword that would define them (for <see cref="ConsequenceLinker"/>).</summary>
    public List<(SourceLocation At, string Block, string Name)> UndefinedReferences { get; } = [];

    /// <summary>True once the list is full: callers may skip work that only serves a message (suggestions).</summary>
    public bool DiagnosticsFull => Diagnostics.Count >= DiagnosticLimit;

    public void Error(SourceLocation at, string code, string message, string? hint = null) =>
        Add(new Diagnostic(Severity.Error, at, code, message, hint));

    public void Warning(SourceLocation at, string code, string message, string? hint = null) =>
        Add(new Diagnostic(Severity.Warning, at, code, message, hint));

    private void Add(Diagnostic diagnostic)
    {
        if (Diagnostics.Count < DiagnosticLimit)
        {
            Diagnostics.Add(diagnostic);
        }
        else if (Diagnostics.Count == DiagnosticLimit)
        {
            Diagnostics.Add(new Diagnostic(Severity.Error, diagnostic.Location, "too-many-diagnostics",
                $"more than {DiagnosticLimit} problems; stopped listing them here", "fix the ones above first; is this really a keepalived.conf?"));
        }
    }

    /// <summary>The argument at <paramref name="index"/>, or an error "KEYWORD needs a VALUE".</summary>
    public ConfigToken? Arg(ConfigNode node, int index, string what)
    {
        if (index < node.Arguments.Count)
        {
            return node.Arguments[index];
        }

        Error(node.Location, "missing-argument", $"'{node.Name}' needs {what}",
            $"write '{node.Name} {Placeholder(what)}'");
        return null;
    }

    /// <summary>Reports words after the last one the keyword takes (keepalived ignores them silently; a stray word is usually a mistake).</summary>
    public void NoMoreThan(ConfigNode node, int count)
    {
        if (node.Arguments.Count > count)
        {
            ConfigToken extra = node.Arguments[count];
            Error(extra.Location, "extra-argument",
                $"'{node.Name}' takes {(count == 0 ? "no value" : count == 1 ? "one value" : $"at most {count} values")}, but '{extra.Text}' follows",
                "remove the extra words, or put each setting on its own line");
        }
    }

    public string? Word(ConfigNode node, string what)
    {
        ConfigToken? token = Arg(node, 0, what);
        NoMoreThan(node, 1);
        return token?.Text;
    }

    public int? Int(ConfigNode node, long min, long max, string what = "a number") =>
        Arg(node, 0, what) is { } token && IntToken(node.Name, token, min, max) is { } value && CheckCount(node, 1) ? value : null;

    public int? IntToken(string keyword, ConfigToken token, long min, long max)
    {
        if (!long.TryParse(token.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
        {
            Error(token.Location, "invalid-number", $"'{keyword}' expects a whole number, not '{token.Text}'",
                $"write a number from {min} to {max}");
            return null;
        }

        if (value < min || value > max)
        {
            Error(token.Location, "out-of-range", $"'{keyword} {token.Text}' is out of range ({min}–{max})",
                $"write a number from {min} to {max}");
            return null;
        }

        return (int)value;
    }

    /// <summary>A keepalived &lt;TIMER&gt;: decimal seconds (keepalived keeps µs resolution).</summary>
    public decimal? Seconds(ConfigNode node, decimal min, decimal max)
    {
        if (Arg(node, 0, "a time in seconds") is not { } token || !CheckCount(node, 1))
        {
            return null;
        }

        return SecondsToken(node.Name, token, min, max);
    }

    public decimal? SecondsToken(string keyword, ConfigToken token, decimal min, decimal max)
    {
        if (!decimal.TryParse(token.Text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out decimal value))
        {
            Error(token.Location, "invalid-number", $"'{keyword}' expects a time in seconds (like 1 or 0.5), not '{token.Text}'",
                $"write seconds from {min} to {max}");
            return null;
        }

        if (value < min || value > max)
        {
            Error(token.Location, "out-of-range", $"'{keyword} {token.Text}' is out of range ({min}–{max} seconds)",
                $"write seconds from {min} to {max}");
            return null;
        }

        return value;
    }

    public TimeSpan? Time(ConfigNode node, decimal min, decimal max) =>
        Seconds(node, min, max) is { } s ? ToTimeSpan(s) : null;

    public static TimeSpan ToTimeSpan(decimal seconds) => TimeSpan.FromTicks((long)decimal.Round(seconds * TimeSpan.TicksPerSecond));

    /// <summary>A &lt;BOOL&gt; that may be omitted: the bare keyword means on.</summary>
    public bool? Bool(ConfigNode node)
    {
        if (node.Arguments.Count == 0)
        {
            return true;
        }

        CheckCount(node, 1);
        string word = node.Arguments[0].Text;
        if (s_trueWords.Contains(word, StringComparer.OrdinalIgnoreCase))
        {
            return true;
        }

        if (s_falseWords.Contains(word, StringComparer.OrdinalIgnoreCase))
        {
            return false;
        }

        Error(node.Arguments[0].Location, "invalid-bool", $"'{node.Name}' expects on/off (or true/false, yes/no), not '{word}'",
            $"write '{node.Name}' alone to turn it on, or '{node.Name} off'");
        return null;
    }

    /// <summary>A keyword that takes no value at all (e.g. <c>nopreempt</c>).</summary>
    public bool? Flag(ConfigNode node)
    {
        NoMoreThan(node, 0);
        return true;
    }

    public IPAddress? Ip(ConfigToken token, string keyword)
    {
        if (TryParseIp(token.Text, out IPAddress? address))
        {
            return address;
        }

        Error(token.Location, "invalid-address", $"'{token.Text}' is not a valid IP address ({keyword})",
            "write a dotted IPv4 address like 192.0.2.10, or an IPv6 address like 2001:db8::10");
        return null;
    }

    public IPAddress? Ip(ConfigNode node, string what = "an IP address") =>
        Arg(node, 0, what) is { } token && CheckCount(node, 1) ? Ip(token, node.Name) : null;

    /// <summary>Strict address parsing: IPAddress.TryParse alone accepts "1" or "192.168.1" as IPv4 shorthand, which inet_pton (keepalived) rejects.</summary>
    public static bool TryParseIp(string text, out IPAddress? address)
    {
        address = null;
        if (text.Contains(':', StringComparison.Ordinal))
        {
            return !text.Contains('%', StringComparison.Ordinal) && IPAddress.TryParse(text, out address);
        }

        string[] parts = text.Split('.');
        if (parts.Length != 4 || parts.Any(p => p.Length is 0 or > 3 || !p.All(char.IsAsciiDigit) || int.Parse(p, CultureInfo.InvariantCulture) > 255))
        {
            return false;
        }

        return IPAddress.TryParse(text, out address);
    }

    private bool CheckCount(ConfigNode node, int count)
    {
        NoMoreThan(node, count);
        return true;
    }

    private static string Placeholder(string what) => what.StartsWith("a ", StringComparison.Ordinal) || what.StartsWith("an ", StringComparison.Ordinal)
        ? what[(what.IndexOf(' ', StringComparison.Ordinal) + 1)..].Replace(' ', '_').ToUpperInvariant()
        : what.Replace(' ', '_').ToUpperInvariant();
}
