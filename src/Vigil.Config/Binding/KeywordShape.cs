namespace Vigil.Config.Binding;

/// <summary>Whether a keyword takes values on its line, opens a <c>{ }</c> block, or may do either.</summary>
internal enum KeywordShape
{
    Line,
    Block,
    Either,
}
