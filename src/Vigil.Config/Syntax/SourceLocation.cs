namespace Vigil.Config.Syntax;

/// <summary>Where a token came from: file path as the operator wrote it (or resolved include path), 1-based line and column.</summary>
public readonly record struct SourceLocation(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}
