namespace Vigil.Config.Syntax.Reading;

/// <summary>
/// Splits one statement line into words the way keepalived 2.2.7's alloc_strvec_r() does:
/// words are separated by whitespace; a word starting with '"' runs to the next '"' (quotes
/// removed, no escapes); an unquoted word also ends at a '"'. Script commands are split again
/// with quotes and escapes by <see cref="ScriptCommandLexer"/>, as keepalived does.
/// </summary>
internal static class LineTokenizer
{
    public static List<ConfigToken> Tokenize(MappedText line, string file, int lineNumber, out bool unmatchedQuote)
    {
        var tokens = new List<ConfigToken>(4);
        unmatchedQuote = false;
        string text = line.Text;
        int i = 0;
        while (true)
        {
            while (i < text.Length && IsWhiteSpace(text[i]))
                i++;
            if (i >= text.Length)
                break;

            int start = i;
            if (text[i] == '"')
            {
                int close = text.IndexOf('"', i + 1);
                if (close < 0)
                {
                    unmatchedQuote = true;
                    break;
                }
                tokens.Add(new ConfigToken(text.Substring(i + 1, close - i - 1), new SourceLocation(file, lineNumber, line.ColumnAt(start)), Quoted: true));
                i = close + 1;
            }
            else
            {
                while (i < text.Length && !IsWhiteSpace(text[i]) && text[i] != '"')
                    i++;
                tokens.Add(new ConfigToken(text.Substring(start, i - start), new SourceLocation(file, lineNumber, line.ColumnAt(start))));
            }
        }
        return tokens;
    }

    /// <summary>keepalived's WHITE_SPACE_STR: " \t\f\n\r\v".</summary>
    public static bool IsWhiteSpace(char c) => c is ' ' or '\t' or '\f' or '\n' or '\r' or '\v';
}
