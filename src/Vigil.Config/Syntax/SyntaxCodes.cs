namespace Vigil.Config.Syntax;

/// <summary>Stable <see cref="Diagnostics.Diagnostic.Code"/> values for problems found while reading the text.</summary>
public static class SyntaxCodes
{
    public const string ExtraCloseBrace = "extra-close-brace";
    public const string UnclosedBlock = "unclosed-block";
    public const string UnexpectedOpenBrace = "unexpected-open-brace";
    public const string NestingTooDeep = "nesting-too-deep";
    public const string UnterminatedQuote = "unterminated-quote";
    public const string BinaryContent = "binary-content";
    public const string LineTooLong = "line-too-long";
    public const string FileNotFound = "file-not-found";
    public const string FileUnreadable = "file-unreadable";
    public const string IncludeCycle = "include-cycle";
    public const string IncludeTooDeep = "include-too-deep";
    public const string IncludeNoMatch = "include-no-match";
    public const string InvalidSequence = "invalid-sequence";
    public const string InvalidList = "invalid-list";
    public const string InvalidRandom = "invalid-random";
    public const string ExpansionTooLarge = "expansion-too-large";
    public const string UndefinedParameter = "undefined-parameter";
    public const string RecursiveParameter = "recursive-parameter";
    public const string UnknownIncludeCheck = "unknown-include-check";
}
