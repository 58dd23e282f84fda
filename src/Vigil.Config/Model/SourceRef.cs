using Vigil.Config.Syntax;

namespace Vigil.Config.Model;

/// <summary>
/// Where a model element was written. Deliberately ignored by equality: two models that say the
/// same thing are equal even when lines moved, so a reload that only reorders or re-comments the
/// file is not a change, and a model rebuilt from generated text equals the one it came from.
/// </summary>
public readonly struct SourceRef(SourceLocation location) : IEquatable<SourceRef>
{
    public SourceLocation Location { get; } = location;

    public static SourceRef None => new(new SourceLocation("<none>", 0, 0));

    public bool Equals(SourceRef other) => true;

    public override bool Equals(object? obj) => obj is SourceRef;

    public override int GetHashCode() => 0;

    public static bool operator ==(SourceRef left, SourceRef right) => left.Equals(right);

    public static bool operator !=(SourceRef left, SourceRef right) => !left.Equals(right);

    public override string ToString() => Location.ToString();

    public static implicit operator SourceRef(SourceLocation location) => new(location);
}
