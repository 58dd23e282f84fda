using Vigil.Config.Diagnostics;
using Vigil.Config.Model;

namespace Vigil.Config.Binding;

/// <summary>The effective model of one node and everything said about its file (syntax and binding diagnostics, in file order).</summary>
public sealed record ConfigBindResult(KeepalivedConfig Config, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.Severity == Severity.Error);
}
