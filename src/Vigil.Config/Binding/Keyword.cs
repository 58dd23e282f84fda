using Vigil.Config.Syntax;

namespace Vigil.Config.Binding;

/// <summary>Binds one statement into the builder of the block it appears in.</summary>
internal delegate void KeywordHandler<in TBuilder>(TBuilder target, ConfigNode node, BindContext context);

/// <summary>One row of a keyword table: the keyword, the shape it must have, and what it sets.</summary>
internal sealed record Keyword<TBuilder>(string Name, KeywordShape Shape, KeywordHandler<TBuilder> Handler)
{
    public static Keyword<TBuilder> Line(string name, KeywordHandler<TBuilder> handler) => new(name, KeywordShape.Line, handler);

    public static Keyword<TBuilder> Block(string name, KeywordHandler<TBuilder> handler) => new(name, KeywordShape.Block, handler);
}
