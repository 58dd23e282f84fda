namespace Vigil.Config.Syntax.Reading;

/// <summary>
/// Recognises <c>include FILE</c> and its checked variants (is_include() / check_include() in
/// keepalived 2.2.7's lib/parser.c): "include", "includer", "includem", "includew", "includeb",
/// "includea", followed by whitespace and the path (glob, braces allowed) up to the end of the line.
/// </summary>
internal static class IncludeDirective
{
    public static bool TryParse(string line, out IncludeChecks checks, out int pathStart)
    {
        checks = IncludeChecks.None;
        pathStart = 0;
        if (!line.StartsWith("include", StringComparison.Ordinal) || line.Length < 8)
            return false;
        int afterKeyword;
        if (char.IsWhiteSpace(line[7]))
        {
            afterKeyword = 8;
        }
        else if (line.Length > 8 && char.IsWhiteSpace(line[8]) && "rmwba".Contains(line[7], StringComparison.Ordinal))
        {
            afterKeyword = 9;
            checks = line[7] switch
            {
                'r' => IncludeChecks.Readable,
                'm' => IncludeChecks.Readable | IncludeChecks.Match,
                'w' => IncludeChecks.Readable | IncludeChecks.Match | IncludeChecks.WildcardMatch,
                'b' => IncludeChecks.Readable | IncludeChecks.BraceMatch,
                _ => IncludeChecks.All,
            };
        }
        else
        {
            return false;
        }
        while (afterKeyword < line.Length && Decommenter.IsBlank(line[afterKeyword]))
            afterKeyword++;
        pathStart = afterKeyword;
        return true;
    }
}
