using Vigil.Config.Syntax;

namespace Vigil.Config.Binding;

/// <summary>A value as written, with where, for rules that run after the whole block is read.</summary>
internal readonly record struct Located<T>(T Value, SourceLocation Location);
