using Vigil.Config.Diagnostics;

namespace Vigil.Config.Syntax.Reading;

/// <summary>
/// Collects diagnostics while reading, capped so a hostile file (random bytes, millions of stray
/// braces) cannot turn into millions of messages; the cap itself is reported once.
/// </summary>
internal sealed class DiagnosticSink
{
    private const int Limit = 1000;
    private readonly List<Diagnostic> _items = [];
    private bool _truncated;

    public IReadOnlyList<Diagnostic> Items => _items;

    public void Error(SourceLocation at, string code, string message, string? hint = null) =>
        Add(new Diagnostic(Severity.Error, at, code, message, hint));

    public void Warning(SourceLocation at, string code, string message, string? hint = null) =>
        Add(new Diagnostic(Severity.Warning, at, code, message, hint));

    public void Info(SourceLocation at, string code, string message, string? hint = null) =>
        Add(new Diagnostic(Severity.Info, at, code, message, hint));

    private void Add(Diagnostic diagnostic)
    {
        if (_items.Count < Limit)
        {
            _items.Add(diagnostic);
        }
        else if (!_truncated)
        {
            _truncated = true;
            _items.Add(new Diagnostic(Severity.Error, diagnostic.Location, "too-many-diagnostics",
                $"more than {Limit} problems; stopped listing them here", "fix the ones above first; is this really a keepalived.conf?"));
        }
    }
}
