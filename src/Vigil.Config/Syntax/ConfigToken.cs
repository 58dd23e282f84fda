namespace Vigil.Config.Syntax;

/// <summary>
/// One word of a configuration line after preprocessing (includes, conditionals, parameters,
/// ~SEQ expansion). <see cref="Quoted"/> records that the word was written in double quotes, so
/// "{" inside quotes is text, not a block.
/// </summary>
public sealed record ConfigToken(string Text, SourceLocation Location, bool Quoted = false)
{
    public override string ToString() => Text;
}
