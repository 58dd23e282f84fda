namespace Vigil.Config.Syntax.Reading;

/// <summary>
/// One parameter: <c>$NAME=VALUE</c> written by the operator, or one of keepalived's pre-defined
/// ones whose value is computed at each use (<c>${_PWD}</c>, <c>${_RANDOM 1 10}</c>). A multi-line
/// value keeps its lines separated by '\n', as keepalived does (DEF_LINE_END).
/// </summary>
internal sealed class Definition(string name)
{
    public string Name { get; } = name;

    public string Value { get; set; } = "";

    public bool Multiline { get; set; }

    /// <summary>Where the operator wrote <c>$NAME=</c>; null for pre-defined parameters and loop variables.</summary>
    public SourceLocation? DefinedAt { get; set; }

    /// <summary>For pre-defined parameters: computes the value from the use's numeric arguments (null when none).</summary>
    public Func<string?, string>? Compute { get; set; }

    /// <summary>How many numeric arguments a use may carry: <c>${_RANDOM MIN MAX}</c> takes 2, everything else 0.</summary>
    public int MaxArguments { get; set; }
}
