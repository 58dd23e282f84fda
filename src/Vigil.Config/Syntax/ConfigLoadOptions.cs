namespace Vigil.Config.Syntax;

/// <summary>How to read a configuration: the node's config id and where files come from.</summary>
public sealed record ConfigLoadOptions
{
    /// <summary>
    /// The config id that <c>@ID</c> / <c>@^ID</c> lines are compared with and <c>${_INSTANCE}</c> expands to.
    /// keepalived's default is the host name up to the first '.'; the caller computes it. Null: no id
    /// (every <c>@ID</c> line is dropped, every <c>@^ID</c> line kept, as keepalived does without one).
    /// </summary>
    public string? ConfigId { get; init; }

    public IConfigFileSystem FileSystem { get; init; } = new InMemoryConfigFileSystem();

    /// <summary>Directory that a relative main file path is relative to (keepalived's current directory).</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Source of <c>${_RANDOM}</c> values; pass a seeded one for reproducible output.</summary>
    public Random? Random { get; init; }
}
