using System.Text;

namespace Vigil.Config.Syntax;

/// <summary>
/// keepalived 2.2.7's second, shell-like split of a line (alloc_strvec_quoted_escaped() in
/// lib/parser.c), used for script and notify command lines: words are separated by unquoted
/// whitespace; "..." and '...' may appear anywhere in a word and are removed, keeping the
/// whitespace inside; escapes \a \b \E \f \n \r \t \v, \nnn (up to 3 octal digits), \xXX (any
/// number of hex digits), \cC (control character) are decoded, and \C is C for any other C, inside
/// or outside quotes. The man page's "Quoted strings" section describes this split.
/// </summary>
public static class ScriptCommandLexer
{
    /// <summary>Splits <paramref name="text"/>; false with <paramref name="error"/> for an unterminated quote or a trailing '\'.</summary>
    public static bool TrySplit(string text, out IReadOnlyList<string> words, out string? error)
    {
        var result = new List<string>();
        var word = new StringBuilder();
        words = result;
        error = null;
        int i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && IsWhiteSpace(text[i]))
                i++;
            if (i >= text.Length)
                break;

            word.Clear();
            char quote = '\0';
            while (i < text.Length)
            {
                char c = text[i];
                if (c == '\\')
                {
                    if (++i >= text.Length)
                    {
                        error = "a '\\' at the end of the line escapes nothing";
                        return false;
                    }
                    word.Append(Unescape(text, ref i));
                    continue;
                }
                if (quote != '\0')
                {
                    if (c == quote)
                        quote = '\0';
                    else
                        word.Append(c);
                    i++;
                    continue;
                }
                if (c is '"' or '\'')
                {
                    quote = c;
                    i++;
                    continue;
                }
                if (IsWhiteSpace(c))
                    break;
                word.Append(c);
                i++;
            }
            if (quote != '\0')
            {
                error = $"missing closing {quote}";
                return false;
            }
            result.Add(word.ToString());
        }
        return true;
    }

    /// <summary>Decodes the escape whose first character (after the '\') is at <paramref name="i"/>; leaves <paramref name="i"/> after it.</summary>
    private static char Unescape(string text, ref int i)
    {
        char c = text[i];
        if (c == 'x' && i + 1 < text.Length && char.IsAsciiHexDigit(text[i + 1]))
        {
            // keepalived accumulates any number of hex digits into one byte (the last two count).
            int value = 0;
            i++;
            while (i < text.Length && char.IsAsciiHexDigit(text[i]))
                value = ((value << 4) | Convert.ToInt32(text[i++].ToString(), 16)) & 0xff;
            return (char)value;
        }
        if (c == 'c' && i + 1 < text.Length)
        {
            char control = (char)(text[i + 1] & 0x1f);
            i += 2;
            return control;
        }
        if (c is >= '0' and <= '7')
        {
            int value = 0;
            for (int digits = 0; digits < 3 && i < text.Length && text[i] is >= '0' and <= '7'; digits++)
                value = (value << 3) + (text[i++] - '0');
            return (char)(value & 0xff);
        }
        i++;
        return c switch
        {
            'a' => '\a',
            'b' => '\b',
            'E' => '\x1b',
            'f' => '\f',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            'v' => '\v',
            _ => c,
        };
    }

    private static bool IsWhiteSpace(char c) => c is ' ' or '\t' or '\f' or '\n' or '\r' or '\v';
}
