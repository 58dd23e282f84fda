namespace Vigil.Config.Syntax;

/// <summary>
/// One statement: a keyword (the first word of a line), its arguments (the rest of the line),
/// and, when the statement opens a block with '{', its children. Entries of list blocks such as
/// <c>virtual_ipaddress</c> are nodes too: "192.0.2.1/24 dev eth0" has keyword "192.0.2.1/24".
/// </summary>
public sealed record ConfigNode(
    ConfigToken Keyword,
    IReadOnlyList<ConfigToken> Arguments,
    IReadOnlyList<ConfigNode>? Children)
{
    public SourceLocation Location => Keyword.Location;

    public string Name => Keyword.Text;

    public bool HasBlock => Children is not null;

    /// <summary>
    /// The whole statement line after preprocessing (keyword included, comments removed, parameters
    /// substituted). keepalived re-splits script command lines (notify*, script) from this raw text
    /// with quotes and escapes; see <see cref="ScriptCommandLexer"/>.
    /// </summary>
    public string? SourceText { get; init; }
}
